import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Run at image build time (java LoadNatives.java LIB_DIR NATIVE_DIR, with -Dorg.bytedeco.javacpp.cachedir): ND4J
 * loads its natives, so that JavaCPP fills its cache with exactly what it loads at run time; RocksDB's, zstd's and
 * snappy's JNI libraries are copied from their jars into NATIVE_DIR under fixed names.
 */
public class LoadNatives {

    private static final Map<Pattern, String> JNI = Map.of(
            Pattern.compile("librocksdbjni-linux64\\.so"), "librocksdbjni-linux64.so",
            Pattern.compile("linux/amd64/libzstd-jni-[0-9.-]+\\.so"), "libzstd-jni.so",
            Pattern.compile("org/xerial/snappy/native/Linux/x86_64/libsnappyjava\\.so"), "libsnappyjava.so");

    public static void main(String[] args) throws IOException {
        var x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 4);
        System.out.println("ND4J loaded (" + x.mmul(x).shapeInfoToString().lines().findFirst().orElse("") + ")");
        Path out = Files.createDirectories(Path.of(args[1]));
        int copied = 0;
        try (var jars = Files.list(Path.of(args[0]))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    for (JarEntry e : j.stream().toList()) {
                        for (var m : JNI.entrySet()) {
                            if (m.getKey().matcher(e.getName()).matches()) {
                                try (InputStream in = j.getInputStream(e)) {
                                    Files.copy(in, out.resolve(m.getValue()), StandardCopyOption.REPLACE_EXISTING);
                                }
                                System.out.println(jar.getFileName() + "!" + e.getName() + " -> " + out.resolve(m.getValue()));
                                copied++;
                            }
                        }
                    }
                }
            }
        }
        if (copied != JNI.size()) {
            throw new IllegalStateException("expected " + JNI.size() + " JNI libraries, found " + copied);
        }
    }
}
