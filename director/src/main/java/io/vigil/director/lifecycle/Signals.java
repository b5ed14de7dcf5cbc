package io.vigil.director.lifecycle;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Installs handlers for POSIX signals (HUP, TERM, INT). The JDK's only hook is {@code
 * sun.misc.Signal} in jdk.unsupported; it is reached reflectively so the build's warnings-as-errors
 * stay on, and a missing one is an error at start-up, not a silent daemon that ignores SIGHUP.
 * Handlers run on the JVM's signal thread: they must only hand the event to the director's loop.
 */
public final class Signals {
  private Signals() {}

  /** Calls {@code handler} on every delivery of signal {@code name} (e.g. "HUP"). */
  public static void on(String name, Runnable handler) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Constructor<?> ctor = signalClass.getConstructor(String.class);
      Object signal = ctor.newInstance(name);
      Object proxy =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (p, method, args) -> {
                if (method.getName().equals("handle")) {
                  handler.run();
                  return null;
                }
                if (method.getName().equals("toString")) {
                  return "vigil handler for SIG" + name;
                }
                if (method.getName().equals("hashCode")) {
                  return System.identityHashCode(p);
                }
                if (method.getName().equals("equals")) {
                  return p == args[0];
                }
                throw new UnsupportedOperationException(method.getName());
              });
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      handle.invoke(null, signal, proxy);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot handle SIG" + name + ": " + e.getCause(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "this Java runtime has no sun.misc.Signal (module jdk.unsupported): " + e, e);
    }
  }

  /** Sends signal {@code name} to this process (for tests). */
  public static void raise(String name) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      signalClass.getMethod("raise", signalClass).invoke(null, signal);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot raise SIG" + name, e);
    }
  }
}
