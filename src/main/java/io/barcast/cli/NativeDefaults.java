package io.barcast.cli;

/**
 * JVM-wide settings for the native (JavaCPP / ND4J) libraries, applied before they load.
 * {@code org.bytedeco.javacpp.maxPhysicalBytes=0} stops JavaCPP from reading the process's
 * resident size on every native allocation, which cost ~25% of DL4J training time here
 * (BENCHMARKS.md). Each is only set when the user has not set it.
 */
final class NativeDefaults {

    private NativeDefaults() {
    }

    static void apply() {
        setIfAbsent("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        setIfAbsent("java.awt.headless", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
