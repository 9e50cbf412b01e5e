package dev.grpcpolyglot.server.error;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.rpc.ErrorDetailsProto;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets server reflection serve the {@code google.rpc} detail types (ErrorInfo, BadRequest,
 * RetryInfo, ... of {@code google/rpc/error_details.proto}) that every error of this server
 * carries (docs/errors.md), so grpcurl and other reflection clients print them decoded instead
 * of "not recognized".
 *
 * <p>Why this way: grpc-java's reflection service indexes only the .proto files of bound
 * services and their imports, and offers no way to add a file. A service of our own that
 * existed just for this would show up in every {@code list}. So the descriptor that reflection
 * reads for each of our services is rebuilt with one more import, error_details.proto: true
 * to what the service answers, and invisible to the wire (the methods and their marshallers
 * are the generated ones).
 */
public final class ReflectedDetailTypes {
  private static final FileDescriptor DETAILS = ErrorDetailsProto.getDescriptor();

  /** One rebuilt file per .proto, shared by the services it declares (muxs.proto has two). */
  private final Map<String, FileDescriptor> rebuilt = new HashMap<>();

  /** {@code definition} with a reflection descriptor that also imports the detail types. */
  public ServerServiceDefinition attach(ServerServiceDefinition definition) {
    ServiceDescriptor original = definition.getServiceDescriptor();
    if (!(original.getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier supplier)) {
      return definition;
    }
    FileDescriptor file = rebuilt.computeIfAbsent(supplier.getFileDescriptor().getName(),
        name -> withDetailsImport(supplier.getFileDescriptor()));
    Descriptors.ServiceDescriptor service =
        file.findServiceByName(supplier.getServiceDescriptor().getName());
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
        .setSchemaDescriptor(new Schema(file, service));
    original.getMethods().forEach(descriptor::addMethod);
    ServerServiceDefinition.Builder attached = ServerServiceDefinition.builder(descriptor.build());
    for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
      attached.addMethod(method);
    }
    return attached.build();
  }

  private static FileDescriptor withDetailsImport(FileDescriptor file) {
    if (file.getDependencies().contains(DETAILS)) {
      return file;
    }
    FileDescriptorProto proto = file.toProto().toBuilder()
        .addDependency(DETAILS.getName())
        .build();
    List<FileDescriptor> dependencies = new ArrayList<>(file.getDependencies());
    dependencies.add(DETAILS);
    try {
      return FileDescriptor.buildFrom(proto, dependencies.toArray(FileDescriptor[]::new));
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("cannot add " + DETAILS.getName() + " to "
          + file.getName(), e);
    }
  }

  /** What reflection reads: the rebuilt file and the service in it. */
  private record Schema(FileDescriptor file, Descriptors.ServiceDescriptor service)
      implements ProtoServiceDescriptorSupplier {
    @Override
    public FileDescriptor getFileDescriptor() {
      return file;
    }

    @Override
    public Descriptors.ServiceDescriptor getServiceDescriptor() {
      return service;
    }
  }
}
