"""Reference servers, as the original demos' users wrote them: HelloService, helloworld.Greeter and
GCNService (numpy + scipy sparse). ``sync`` is the ``grpc.server(ThreadPoolExecutor)`` style,
``aio`` the ``grpc.aio`` one. Both: ``python -m polyglot_interop.servers.sync --port 0`` prints
``listening on HOST:PORT`` and stops on SIGTERM/SIGINT with exit 0.
"""
