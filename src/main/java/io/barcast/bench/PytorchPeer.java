package io.barcast.bench;

import io.barcast.bar.BundledData;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the PyTorch peer of {@code bench train} ({@code pytorch_epoch.py}, shipped in the jar next to this
 * class; Debian's {@code python3-torch}) in its own process, single-threaded, and reads its median seconds
 * per epoch. The script and the bundled S&amp;P 500 CSV it reads are copied to a temporary folder first.
 */
final class PytorchPeer {

    static final String PYTHON = "/usr/bin/python3";
    /** The script, a resource next to this class. */
    static final String SCRIPT = "pytorch_epoch.py";
    private static final String CSV = BundledData.canonicalName("sp500");
    private static final Pattern MEDIAN = Pattern.compile("median ([0-9.]+) s/epoch");
    /** The peer's process CPU time per epoch, when it prints it. */
    private static final Pattern CPU = Pattern.compile("process CPU: median ([0-9.]+) s per epoch");

    private PytorchPeer() {
    }

    /**
     * Median seconds per epoch of the peer, or NaN (with the reason printed) when it cannot run here.
     *
     * @param script the peer script to run, or null for the one in the jar
     */
    static double run(String script, int epochs, int hidden, int lookback, int batch, PrintStream out)
            throws IOException, InterruptedException {
        return run(script, epochs, hidden, lookback, batch, out, new double[1]);
    }

    /** As {@link #run(String, int, int, int, int, PrintStream)}; {@code cpu[0]} gets the peer's median process CPU seconds per epoch (NaN if not printed). */
    static double run(String script, int epochs, int hidden, int lookback, int batch, PrintStream out, double[] cpu)
            throws IOException, InterruptedException {
        cpu[0] = Double.NaN;
        if (script != null && !Files.isRegularFile(Path.of(script))) {
            out.printf("  PyTorch peer not run: %s not found%n", script);
            return Double.NaN;
        }
        if (!Files.isExecutable(Path.of(PYTHON))) {
            out.printf("  PyTorch peer not run: %s missing%n", PYTHON);
            return Double.NaN;
        }
        Path dir = Files.createTempDirectory("barcast-pytorch");
        try {
            Path bundled = extract(dir);
            return run(script != null ? Path.of(script) : bundled, dir.resolve(CSV), epochs, hidden, lookback, batch, out, cpu);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Copies the script and the bundled CSV it reads into {@code dir}; returns the script. */
    static Path extract(Path dir) throws IOException {
        Path script = dir.resolve(SCRIPT);
        copy(PytorchPeer.class.getResourceAsStream(SCRIPT), script);
        copy(BundledData.class.getResourceAsStream("/data/" + CSV), dir.resolve(CSV));
        return script;
    }

    private static void copy(InputStream resource, Path to) throws IOException {
        if (resource == null) {
            throw new IOException("resource for " + to.getFileName() + " missing from the class path");
        }
        try (InputStream in = resource) {
            Files.copy(in, to);
        }
    }

    private static double run(Path script, Path csv, int epochs, int hidden, int lookback, int batch, PrintStream out,
                              double[] cpu) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(PYTHON, script.toString(), "--csv", csv.toString(), "--epochs", Integer.toString(epochs),
                "--hidden", Integer.toString(hidden), "--lookback", Integer.toString(lookback), "--batch", Integer.toString(batch)))
                .redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        double median = Double.NaN;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.println("  | " + line);
                Matcher m = MEDIAN.matcher(line);
                if (m.find()) {
                    median = Double.parseDouble(m.group(1));
                }
                Matcher c = CPU.matcher(line);
                if (c.find()) {
                    cpu[0] = Double.parseDouble(c.group(1));
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0 || Double.isNaN(median)) {
            out.printf("  PyTorch peer failed (exit %d); is python3-torch installed?%n", p.exitValue());
            return Double.NaN;
        }
        return median;
    }
}
