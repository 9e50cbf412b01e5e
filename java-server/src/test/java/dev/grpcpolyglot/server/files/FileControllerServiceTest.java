package dev.grpcpolyglot.server.files;

import static dev.grpcpolyglot.server.files.FileCalls.assertCode;
import static dev.grpcpolyglot.server.files.FileCalls.blocking;
import static dev.grpcpolyglot.server.files.FileCalls.chunk;
import static dev.grpcpolyglot.server.files.FileCalls.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.muxs.DownloadRequest;
import dev.grpcpolyglot.proto.muxs.FileEntry;
import dev.grpcpolyglot.proto.muxs.Files;
import dev.grpcpolyglot.proto.muxs.ListRequest;
import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.ManagedChannel;
import io.grpc.Status.Code;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every row of docs/services.md's FileController table, and each method's happy path. */
class FileControllerServiceTest {
  static final long MAX_FILE_BYTES = 6 * 1024 * 1024;

  @TempDir Path base;
  Path root;
  Path outside;
  InProcessHarness harness;
  ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    root = base.resolve("root");
    outside = java.nio.file.Files.createDirectories(base.resolve("outside"));
    java.nio.file.Files.writeString(outside.resolve("secret.txt"), "secret");
    harness = InProcessHarness.start(ServerConfig.forTests().with(FilesModule.MODULE, 
        FilesConfig.defaults().withRoot(root).withMaxFileBytes(MAX_FILE_BYTES)
            .withChunkBytes(4096)));
    channel = harness.channel();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  // --- happy paths ---------------------------------------------------------------------------

  @Test
  void writeCreatesFoldersAndReadReturnsTheText() {
    write("notes/2026/today.txt", "héllo, wörld ✓");
    assertEquals("héllo, wörld ✓", read("notes/2026/today.txt"));
    assertTrue(java.nio.file.Files.isDirectory(root.resolve("notes/2026")));
  }

  @Test
  void writeReplacesAndRepliesCodeZero() {
    write("a.txt", "old");
    assertEquals(0, blocking(channel).write(files("a.txt", "new")).getCode());
    assertEquals("new", read("a.txt"));
  }

  @Test
  void writeAcceptsAPathOfExactly4096Bytes() throws Exception {
    // Deeper than PATH_MAX once the root's own path is added: reached only by descriptors.
    String longest = String.join("/", java.util.Collections.nCopies(17, "x".repeat(240)));
    write(longest, "deep");
    assertEquals("deep", read(longest));
    deleteByDescriptors(root.resolve("x".repeat(240))); // @TempDir's cleanup goes by path
  }

  @Test
  void uploadStoresAnyBytesAndRepliesSizeAndSha256() throws Exception {
    byte[] part1 = {0, 1, 2, (byte) 0xff};
    byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);
    UploadReply reply = FileCalls.upload(channel, header("bin/data", 8), chunk(part1), chunk(part2));
    byte[] all = java.nio.file.Files.readAllBytes(root.resolve("bin/data"));
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff, 't', 'a', 'i', 'l'}, all);
    assertEquals(8, reply.getSize());
    assertEquals(sha256(all), reply.getSha256());
  }

  @Test
  void uploadWithoutDeclaredSizeAndWithNoChunksStoresAnEmptyFile() throws Exception {
    UploadReply reply = FileCalls.upload(channel, header("empty", 0));
    assertEquals(0, reply.getSize());
    assertEquals(0, java.nio.file.Files.size(root.resolve("empty")));
  }

  @Test
  void downloadStreamsTheWholeFileInChunksAndFromAnOffset() throws Exception {
    byte[] data = new byte[10_000 + 123];
    new java.util.Random(7).nextBytes(data);
    java.nio.file.Files.write(root.resolve("blob"), data);
    assertArrayEquals(data, FileCalls.download(channel, "blob", 0));
    byte[] tail = FileCalls.download(channel, "blob", 9_000);
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 9_000, data.length), tail);
    assertEquals(0, FileCalls.download(channel, "blob", data.length).length);
  }

  @Test
  void downloadSendsChunksOfTheConfiguredSize() {
    write("ten-k", "x".repeat(10_000));
    List<Integer> sizes = new java.util.ArrayList<>();
    blocking(channel).download(DownloadRequest.newBuilder().setFilename("ten-k").build())
        .forEachRemaining(chunk -> sizes.add(chunk.getData().size()));
    assertEquals(List.of(4096, 4096, 1808), sizes);
  }

  @Test
  void listIsSortedAndHidesTempFilesAndLinks() throws Exception {
    write("dir/b.txt", "bb");
    write("dir/a.txt", "a");
    write("dir/sub/c.txt", "c");
    java.nio.file.Files.writeString(root.resolve("dir/" + TempNames.PREFIX + "left"), "x");
    java.nio.file.Files.createSymbolicLink(root.resolve("dir/link"), outside);
    List<FileEntry> entries = blocking(channel)
        .list(ListRequest.newBuilder().setPath("dir").build()).getEntriesList();
    assertEquals(List.of(entry("a.txt", 1, false), entry("b.txt", 2, false),
        entry("sub", 0, true)), entries);
    assertEquals(List.of(entry("dir", 0, true)),
        blocking(channel).list(ListRequest.newBuilder().setPath("").build()).getEntriesList());
  }

  // --- INVALID_ARGUMENT ------------------------------------------------------------------------

  @Test
  void emptyNameIsInvalidArgument() {
    assertTrue(assertCode(Code.INVALID_ARGUMENT, () -> read("")).contains("empty"));
    assertCode(Code.INVALID_ARGUMENT, () -> write("", "x"));
  }

  @Test
  void absolutePathIsInvalidArgument() {
    assertTrue(assertCode(Code.INVALID_ARGUMENT, () -> read("/etc/passwd")).contains("absolute"));
    assertCode(Code.INVALID_ARGUMENT, () -> write(outside.resolve("x").toString(), "x"));
    assertFalse(java.nio.file.Files.exists(outside.resolve("x")));
  }

  @Test
  void dotDotSegmentIsInvalidArgumentForEveryMethod() {
    String path = "../outside/secret.txt";
    assertTrue(assertCode(Code.INVALID_ARGUMENT, () -> read(path)).contains(".."));
    assertCode(Code.INVALID_ARGUMENT, () -> write(path, "pwned"));
    assertCode(Code.INVALID_ARGUMENT, () -> FileCalls.upload(channel, header(path, 0)));
    assertCode(Code.INVALID_ARGUMENT, () -> FileCalls.download(channel, path, 0));
    assertCode(Code.INVALID_ARGUMENT, () -> list(".."));
  }

  @Test
  void nulIsInvalidArgument() {
    assertTrue(assertCode(Code.INVALID_ARGUMENT, () -> read("a\0b")).contains("NUL"));
  }

  @Test
  void backslashIsInvalidArgument() {
    assertTrue(assertCode(Code.INVALID_ARGUMENT, () -> write("a\\b", "x")).contains("backslash"));
  }

  @Test
  void over4096BytesIsInvalidArgument() {
    assertTrue(assertCode(Code.INVALID_ARGUMENT, () -> read("a/".repeat(2048) + "b"))
        .contains("4096"));
  }

  @Test
  void reservedTempNamesAreInvalidArgument() {
    assertCode(Code.INVALID_ARGUMENT, () -> read(TempNames.PREFIX + "x"));
  }

  // --- PERMISSION_DENIED -----------------------------------------------------------------------

  @Test
  void symlinkLeadingOutsideIsPermissionDeniedForEveryMethod() throws Exception {
    java.nio.file.Files.createSymbolicLink(root.resolve("escape"), outside);
    String path = "escape/secret.txt";
    assertTrue(assertCode(Code.PERMISSION_DENIED, () -> read(path)).contains("symbolic link"));
    assertCode(Code.PERMISSION_DENIED, () -> write(path, "pwned"));
    assertCode(Code.PERMISSION_DENIED, () -> write("escape/new.txt", "pwned"));
    assertCode(Code.PERMISSION_DENIED, () -> FileCalls.upload(channel, header(path, 0)));
    assertCode(Code.PERMISSION_DENIED, () -> FileCalls.download(channel, path, 0));
    assertCode(Code.PERMISSION_DENIED, () -> list("escape"));
    assertEquals("secret", java.nio.file.Files.readString(outside.resolve("secret.txt")));
    assertFalse(java.nio.file.Files.exists(outside.resolve("new.txt")));
  }

  @Test
  void symlinkAsTheFileItselfIsPermissionDenied() throws Exception {
    java.nio.file.Files.createSymbolicLink(root.resolve("secret"), outside.resolve("secret.txt"));
    assertCode(Code.PERMISSION_DENIED, () -> read("secret"));
    assertCode(Code.PERMISSION_DENIED, () -> write("secret", "pwned"));
    assertEquals("secret", java.nio.file.Files.readString(outside.resolve("secret.txt")));
  }

  @Test
  void symlinkPointingInsideTheRootIsAlsoRefused() throws Exception {
    write("real/file.txt", "inside");
    java.nio.file.Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
    assertCode(Code.PERMISSION_DENIED, () -> read("alias/file.txt"));
  }

  // --- NOT_FOUND -------------------------------------------------------------------------------

  @Test
  void missingFileIsNotFound() {
    assertTrue(assertCode(Code.NOT_FOUND, () -> read("nope.txt")).contains("nope.txt"));
    assertCode(Code.NOT_FOUND, () -> read("no/such/folder.txt"));
    assertCode(Code.NOT_FOUND, () -> FileCalls.download(channel, "nope.txt", 0));
    assertCode(Code.NOT_FOUND, () -> list("nope"));
  }

  // --- FAILED_PRECONDITION ---------------------------------------------------------------------

  @Test
  void readOfAFolderIsFailedPreconditionNamingList() {
    write("folder/x", "x");
    String message = assertCode(Code.FAILED_PRECONDITION, () -> read("folder"));
    assertTrue(message.contains("use List") && message.contains("Download"), message);
    assertCode(Code.FAILED_PRECONDITION, () -> FileCalls.download(channel, "folder", 0));
    assertCode(Code.FAILED_PRECONDITION, () -> write("folder", "x"));
  }

  @Test
  void fileTooLargeForOneMessageIsFailedPreconditionNamingDownload() throws Exception {
    java.nio.file.Files.write(root.resolve("big.txt"), new byte[FileStore.READ_LIMIT_BYTES + 1]);
    assertTrue(assertCode(Code.FAILED_PRECONDITION, () -> read("big.txt")).contains("Download"));
    java.nio.file.Files.write(root.resolve("fits.txt"), new byte[FileStore.READ_LIMIT_BYTES]);
    assertEquals(FileStore.READ_LIMIT_BYTES, read("fits.txt").length());
  }

  @Test
  void contentThatIsNotUtf8IsFailedPreconditionNamingDownload() throws Exception {
    java.nio.file.Files.write(root.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9});
    assertTrue(assertCode(Code.FAILED_PRECONDITION, () -> read("latin1.txt"))
        .contains("Download"));
  }

  @Test
  void aFileInTheMiddleOfAPathIsFailedPrecondition() {
    write("plain", "x");
    assertCode(Code.FAILED_PRECONDITION, () -> write("plain/child", "x"));
    assertCode(Code.FAILED_PRECONDITION, () -> list("plain"));
  }

  // --- RESOURCE_EXHAUSTED (the size limit; the real full disk: the Python and Go suites) -----

  @Test
  void writeOverTheSizeLimitIsResourceExhaustedAndKeepsTheOldFile() {
    write("limited.txt", "old");
    String tooBig = "x".repeat((int) MAX_FILE_BYTES + 1);
    assertTrue(assertCode(Code.RESOURCE_EXHAUSTED, () -> write("limited.txt", tooBig))
        .contains(Long.toString(MAX_FILE_BYTES)));
    assertEquals("old", read("limited.txt"));
    assertNoTempFiles();
  }

  @Test
  void uploadDeclaringOverTheLimitIsRefusedUpFront() {
    assertCode(Code.RESOURCE_EXHAUSTED,
        () -> FileCalls.upload(channel, header("huge", MAX_FILE_BYTES + 1)));
    assertFalse(java.nio.file.Files.exists(root.resolve("huge")));
  }

  @Test
  void uploadGrowingOverTheLimitIsResourceExhaustedAndLeavesNothing() {
    byte[] mebibyte = new byte[1024 * 1024];
    var messages = new java.util.ArrayList<dev.grpcpolyglot.proto.muxs.UploadRequest>();
    messages.add(header("growing", 0));
    for (int i = 0; i <= MAX_FILE_BYTES / mebibyte.length; i++) {
      messages.add(chunk(mebibyte));
    }
    assertCode(Code.RESOURCE_EXHAUSTED, () -> FileCalls.upload(channel,
        messages.toArray(dev.grpcpolyglot.proto.muxs.UploadRequest[]::new)));
    assertFalse(java.nio.file.Files.exists(root.resolve("growing")));
    assertNoTempFiles();
  }

  // --- Upload's own refusals -------------------------------------------------------------------

  @Test
  void uploadMustStartWithAHeader() throws Exception {
    assertTrue(assertCode(Code.INVALID_ARGUMENT,
        () -> FileCalls.upload(channel, chunk(new byte[] {1}))).contains("header"));
    assertEquals("header", FileCalls.badRequestField(() -> FileCalls.upload(channel)));
    assertEquals("header", FileCalls.badRequestField(
        () -> FileCalls.upload(channel, header("x", 0), header("y", 0))));
    assertEquals("header",
        FileCalls.badRequestField(() -> FileCalls.upload(channel, chunk(new byte[] {1}))));
  }

  @Test
  void uploadWhoseSizeDiffersFromItsHeaderLeavesTheOldFile() throws Exception {
    write("sized", "old");
    assertEquals("header.size", FileCalls.badRequestField(
        () -> FileCalls.upload(channel, header("sized", 5), chunk(new byte[] {1, 2}))));
    assertEquals("header.size", FileCalls.badRequestField(
        () -> FileCalls.upload(channel, header("sized", 1), chunk(new byte[] {1, 2}))));
    assertEquals("old", read("sized"));
    assertNoTempFiles();
  }

  @Test
  void downloadOffsetOutsideTheFileIsInvalidArgument() throws Exception {
    write("short", "abc");
    assertCode(Code.INVALID_ARGUMENT, () -> FileCalls.download(channel, "short", -1));
    assertCode(Code.INVALID_ARGUMENT, () -> FileCalls.download(channel, "short", 4));
    assertEquals("offset",
        FileCalls.badRequestField(() -> FileCalls.download(channel, "short", -1)));
    assertEquals("offset",
        FileCalls.badRequestField(() -> FileCalls.download(channel, "short", 4)));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private String read(String name) {
    return blocking(channel).read(Files.newBuilder().setFilename(name).build()).getText();
  }

  private void write(String name, String text) {
    blocking(channel).write(files(name, text));
  }

  private List<FileEntry> list(String path) {
    return blocking(channel).list(ListRequest.newBuilder().setPath(path).build()).getEntriesList();
  }

  private static Files files(String name, String text) {
    return Files.newBuilder().setFilename(name).setText(text).build();
  }

  private static FileEntry entry(String name, long size, boolean dir) {
    return FileEntry.newBuilder().setName(name).setSize(size).setIsDir(dir).build();
  }

  private void assertNoTempFiles() {
    try (Stream<Path> all = java.nio.file.Files.walk(root)) {
      assertEquals(List.of(), all.filter(p -> TempNames.isTemp(p.getFileName().toString()))
          .toList());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Deletes a tree too deep for path-based calls, openat-style like the store walks it. */
  private static void deleteByDescriptors(Path top) throws java.io.IOException {
    try (var parent = (java.nio.file.SecureDirectoryStream<Path>)
        java.nio.file.Files.newDirectoryStream(top.getParent())) {
      deleteChild(parent, top.getFileName());
    }
  }

  private static void deleteChild(java.nio.file.SecureDirectoryStream<Path> parent, Path name)
      throws java.io.IOException {
    var attributes = parent.getFileAttributeView(name,
        java.nio.file.attribute.BasicFileAttributeView.class,
        java.nio.file.LinkOption.NOFOLLOW_LINKS).readAttributes();
    if (!attributes.isDirectory()) {
      parent.deleteFile(name);
      return;
    }
    try (var folder = parent.newDirectoryStream(name, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      List<Path> children = new java.util.ArrayList<>();
      folder.forEach(children::add);
      for (Path child : children) {
        deleteChild(folder, child.getFileName());
      }
    }
    parent.deleteDirectory(name);
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
