package io.vigil.director.cli;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Links a class's lambdas and method references as their first run would, for the class-data
 * sharing training ({@link CdsTraining}): under {@code -XX:ArchiveClassesAtExit} the JVM archives
 * every lambda class {@link LambdaMetafactory} makes, and at run time the class's own call site
 * finds it there instead of generating it. The training cannot run the daemon (it needs IPVS and
 * networks of its own), so in the lab VM the daemon's start linked some 216 lambdas that the
 * archive did not hold (Daemon 38, VrrpRuntime 29, LvsRuntime 22, ...), each generated with the
 * JDK's bytecode writer at its first run.
 *
 * <p>The call sites come from the class file: the constant pool's {@code CONSTANT_InvokeDynamic}
 * entries whose bootstrap method (in the {@code BootstrapMethods} attribute) is {@code
 * LambdaMetafactory.metafactory}, with that method's three static arguments; JVMS §4.4 and §4.7.23.
 * The rarer {@code altMetafactory} (serializable lambdas, extra interfaces) is left to run time.
 * Nothing of the class runs: it is neither initialised nor called.
 */
final class LambdaSites {
  private static final String METAFACTORY =
      "java/lang/invoke/LambdaMetafactory.metafactory"
          + "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
          + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;"
          + "Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
          + "Ljava/lang/invoke/CallSite;";

  // constant pool tags (JVMS §4.4, table 4.4-B)
  private static final int UTF8 = 1;
  private static final int INTEGER = 3;
  private static final int FLOAT = 4;
  private static final int LONG = 5;
  private static final int DOUBLE = 6;
  private static final int CLASS = 7;
  private static final int STRING = 8;
  private static final int FIELDREF = 9;
  private static final int METHODREF = 10;
  private static final int INTERFACE_METHODREF = 11;
  private static final int NAME_AND_TYPE = 12;
  private static final int METHOD_HANDLE = 15;
  private static final int METHOD_TYPE = 16;
  private static final int DYNAMIC = 17;
  private static final int INVOKE_DYNAMIC = 18;
  private static final int MODULE = 19;
  private static final int PACKAGE = 20;

  // method handle kinds (JVMS §5.4.3.5)
  private static final int REF_INVOKE_VIRTUAL = 5;
  private static final int REF_INVOKE_STATIC = 6;
  private static final int REF_INVOKE_SPECIAL = 7;
  private static final int REF_NEW_INVOKE_SPECIAL = 8;
  private static final int REF_INVOKE_INTERFACE = 9;

  private LambdaSites() {}

  /**
   * Links every {@code LambdaMetafactory.metafactory} call site of {@code c}. A site that cannot be
   * linked here (a type missing from the class path, say) is skipped: it links at run time.
   *
   * @return the call sites linked
   */
  static List<CallSite> link(Class<?> c) {
    List<CallSite> linked = new ArrayList<>();
    byte[] bytes = classFile(c);
    if (bytes == null) {
      return linked;
    }
    List<Site> sites;
    try {
      sites = read(bytes);
    } catch (IOException | RuntimeException e) {
      return linked; // not a class file we can read: its lambdas link at run time
    }
    if (sites.isEmpty()) {
      return linked;
    }
    MethodHandles.Lookup caller;
    try {
      caller = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
    } catch (IllegalAccessException | RuntimeException e) {
      return linked;
    }
    ClassLoader loader = c.getClassLoader();
    for (Site s : sites) {
      try {
        linked.add(
            LambdaMetafactory.metafactory(
                caller,
                s.name,
                MethodType.fromMethodDescriptorString(s.factoryType, loader),
                MethodType.fromMethodDescriptorString(s.interfaceType, loader),
                implementation(caller, s, loader),
                MethodType.fromMethodDescriptorString(s.dynamicType, loader)));
      } catch (ReflectiveOperationException
          | LambdaConversionException
          | RuntimeException
          | LinkageError e) {
        // linked at run time instead
      }
    }
    return linked;
  }

  private static byte[] classFile(Class<?> c) {
    ClassLoader loader = c.getClassLoader();
    if (loader == null) {
      return null;
    }
    try (InputStream in = loader.getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  private static MethodHandle implementation(MethodHandles.Lookup caller, Site s, ClassLoader l)
      throws ReflectiveOperationException {
    Class<?> owner = Class.forName(s.owner.replace('/', '.'), false, l);
    MethodType type = MethodType.fromMethodDescriptorString(s.descriptor, l);
    return switch (s.kind) {
      case REF_INVOKE_STATIC -> caller.findStatic(owner, s.method, type);
      case REF_INVOKE_VIRTUAL, REF_INVOKE_INTERFACE -> caller.findVirtual(owner, s.method, type);
      case REF_INVOKE_SPECIAL -> caller.findSpecial(owner, s.method, type, caller.lookupClass());
      case REF_NEW_INVOKE_SPECIAL -> caller.findConstructor(owner, type);
      default -> throw new NoSuchMethodException("method handle kind " + s.kind);
    };
  }

  /** One lambda call site: the interface method's name and types, the implementation method. */
  record Site(
      String name,
      String factoryType,
      String interfaceType,
      int kind,
      String owner,
      String method,
      String descriptor,
      String dynamicType) {}

  /** The metafactory call sites of a class file, in constant pool order. */
  static List<Site> read(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    // per entry: its tag, its text (Utf8) and its one or two operands, a and b: Class, String and
    // MethodType a = a Utf8; Fieldref, Methodref, InterfaceMethodref a = Class, b = NameAndType;
    // NameAndType a = name, b = descriptor (Utf8s); MethodHandle a = kind, b = the ref;
    // InvokeDynamic a = index into BootstrapMethods, b = NameAndType
    int[] tag = new int[count];
    int[] a = new int[count];
    int[] b = new int[count];
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      tag[i] = in.readUnsignedByte();
      switch (tag[i]) {
        case UTF8 -> utf8[i] = in.readUTF();
        case INTEGER, FLOAT -> in.readInt();
        case LONG, DOUBLE -> {
          in.readLong();
          i++; // takes two entries
        }
        case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> a[i] = in.readUnsignedShort();
        case FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> {
          a[i] = in.readUnsignedShort();
          b[i] = in.readUnsignedShort();
        }
        case METHOD_HANDLE -> {
          a[i] = in.readUnsignedByte();
          b[i] = in.readUnsignedShort();
        }
        default -> throw new IOException("constant pool tag " + tag[i] + " at " + i);
      }
    }
    in.readUnsignedShort(); // access flags
    in.readUnsignedShort(); // this class
    in.readUnsignedShort(); // super class
    in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
    for (int members = 0; members < 2; members++) { // fields, then methods
      int n = in.readUnsignedShort();
      for (int i = 0; i < n; i++) {
        in.skipNBytes(6); // access flags, name, descriptor
        skipAttributes(in);
      }
    }
    int[][] bootstrap = null;
    int attributes = in.readUnsignedShort();
    for (int i = 0; i < attributes && bootstrap == null; i++) {
      String name = utf8[in.readUnsignedShort()];
      int length = in.readInt();
      if (!"BootstrapMethods".equals(name)) {
        in.skipNBytes(length);
        continue;
      }
      bootstrap = new int[in.readUnsignedShort()][];
      for (int m = 0; m < bootstrap.length; m++) {
        int ref = in.readUnsignedShort();
        int args = in.readUnsignedShort();
        int[] method = new int[1 + args];
        method[0] = ref;
        for (int k = 0; k < args; k++) {
          method[1 + k] = in.readUnsignedShort();
        }
        bootstrap[m] = method;
      }
    }
    List<Site> sites = new ArrayList<>();
    if (bootstrap == null) {
      return sites;
    }
    for (int i = 1; i < count; i++) {
      if (tag[i] != INVOKE_DYNAMIC) {
        continue;
      }
      int[] method = bootstrap[a[i]];
      if (method.length != 4 || !METAFACTORY.equals(member(method[0], a, b, utf8))) {
        continue;
      }
      int handle = method[2];
      int ref = b[handle];
      int nameAndType = b[ref];
      sites.add(
          new Site(
              utf8[a[b[i]]],
              utf8[b[b[i]]],
              utf8[a[method[1]]],
              a[handle],
              utf8[a[a[ref]]],
              utf8[a[nameAndType]],
              utf8[b[nameAndType]],
              utf8[a[method[3]]]));
    }
    return sites;
  }

  /** {@code owner.name descriptor} of the method a method handle constant refers to. */
  private static String member(int handle, int[] a, int[] b, String[] utf8) {
    int ref = b[handle];
    int nameAndType = b[ref];
    return utf8[a[a[ref]]] + "." + utf8[a[nameAndType]] + utf8[b[nameAndType]];
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    for (int i = 0; i < n; i++) {
      in.readUnsignedShort();
      in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
    }
  }
}
