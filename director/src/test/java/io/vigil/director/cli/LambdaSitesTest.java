package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.invoke.CallSite;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** Lambda call sites read from a class file and linked as their first run would link them. */
class LambdaSitesTest {
  /** Each kind of lambda and method reference javac writes. */
  static final class Kinds {
    private final String prefix = "p";

    Supplier<String> capturing() {
      return () -> prefix + "x"; // an instance method of this class, this captured
    }

    static Supplier<List<String>> constructor() {
      return ArrayList::new; // newInvokeSpecial
    }

    static ToIntFunction<String> virtual() {
      return String::length; // invokeVirtual
    }

    static ToIntFunction<List<String>> iface() {
      return List::size; // invokeInterface
    }

    static IntSupplier lambda() {
      return () -> 42; // a static method of this class
    }

    static Function<Object, String> staticReference() {
      return String::valueOf; // invokeStatic
    }

    static Runnable serializable() {
      return (Runnable & Serializable) () -> {}; // altMetafactory: left to run time
    }
  }

  private static byte[] classFile(Class<?> c) throws IOException {
    try (InputStream in =
        c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void everyMetafactorySiteIsReadWithItsImplementation() throws IOException {
    List<LambdaSites.Site> sites = LambdaSites.read(classFile(Kinds.class));
    assertThat(sites)
        .extracting(LambdaSites.Site::name)
        .containsExactlyInAnyOrder("get", "get", "applyAsInt", "applyAsInt", "getAsInt", "apply");
    assertThat(sites)
        .extracting(s -> s.owner() + "." + s.method())
        .contains("java/util/ArrayList.<init>", "java/lang/String.length")
        .contains("java/util/List.size", "java/lang/String.valueOf");
    assertThat(sites).extracting(LambdaSites.Site::kind).contains(5, 6, 8, 9);
  }

  @Test
  void eachSiteLinksAndItsFunctionWorks() throws Throwable {
    List<LambdaSites.Site> sites = LambdaSites.read(classFile(Kinds.class));
    List<CallSite> linked = LambdaSites.link(Kinds.class);
    assertThat(linked).hasSameSizeAs(sites); // in the same order: none skipped
    for (int i = 0; i < sites.size(); i++) {
      LambdaSites.Site s = sites.get(i);
      CallSite c = linked.get(i);
      String target = s.owner() + "." + s.method();
      if (target.equals("java/lang/String.length")) {
        @SuppressWarnings("unchecked")
        ToIntFunction<String> f = (ToIntFunction<String>) c.getTarget().invoke();
        assertThat(f.applyAsInt("abc")).isEqualTo(3);
      } else if (target.equals("java/util/List.size")) {
        @SuppressWarnings("unchecked")
        ToIntFunction<List<String>> f = (ToIntFunction<List<String>>) c.getTarget().invoke();
        assertThat(f.applyAsInt(List.of("a", "b"))).isEqualTo(2);
      } else if (target.equals("java/util/ArrayList.<init>")) {
        assertThat(((Supplier<?>) c.getTarget().invoke()).get()).isEqualTo(List.of());
      } else if (s.name().equals("get")) { // the capturing lambda: takes its Kinds
        assertThat(((Supplier<?>) c.getTarget().invoke(new Kinds())).get()).isEqualTo("px");
      } else if (s.name().equals("getAsInt")) {
        assertThat(((IntSupplier) c.getTarget().invoke()).getAsInt()).isEqualTo(42);
      }
    }
  }

  @Test
  void recordMethodsAndTheJdksClassesAreNotLambdaSites() throws IOException {
    // a record's equals, hashCode and toString are invokedynamic too, through ObjectMethods
    assertThat(LambdaSites.read(classFile(LambdaSites.Site.class))).isEmpty();
    assertThat(LambdaSites.link(String.class)).isEmpty(); // the boot loader's: not read
  }
}
