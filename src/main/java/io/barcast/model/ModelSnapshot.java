package io.barcast.model;

import io.barcast.feature.Normaliser;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A model as bytes: metadata, the normaliser and the network's weights as float32. The network's structure is rebuilt
 * from the hyperparameters, and the weight count tells a model with the variance output from one saved before it
 * existed. A round trip predicts identically. Layout ({@link DataOutputStream}: big-endian, strings in modified UTF-8):
 * <ul>
 *   <li>magic {@code "BCM1"} (int), format {@code 1} (int);</li>
 *   <li>symbol (UTF), version (long), trained-through epoch day (long), trained-at epoch millisecond (long);</li>
 *   <li>the hyperparameters ({@link ModelConfig#toProperties}) as sorted {@code key=value} lines (UTF);</li>
 *   <li>training loss, validation loss, validation RMSE of the model and of the naive forecast (doubles); epochs run,
 *       training samples, validation samples (ints);</li>
 *   <li>the normaliser: its width (int), the means, then the standard deviations (doubles);</li>
 *   <li>the weight count (int), then the weights (floats, in the order of the network's {@code params()}).</li>
 * </ul>
 */
public final class ModelSnapshot {

    private static final int MAGIC = 0x42434d31; // "BCM1"
    private static final int FORMAT = 1;

    private ModelSnapshot() {
    }

    public static byte[] toBytes(LstmModel model) {
        ModelMetadata m = model.metadata();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(m.symbol());
            out.writeLong(m.version());
            out.writeLong(m.trainedThrough().toEpochDay());
            out.writeLong(m.trainedAt().toEpochMilli());
            out.writeUTF(propertiesText(m.config().toProperties()));
            out.writeDouble(m.trainLoss());
            out.writeDouble(m.valLoss());
            out.writeDouble(m.valRmseModel());
            out.writeDouble(m.valRmseNaive());
            out.writeInt(m.epochsRun());
            out.writeInt(m.trainSamples());
            out.writeInt(m.valSamples());
            Normaliser n = model.normaliser();
            out.writeInt(n.width());
            for (double v : n.mean()) {
                out.writeDouble(v);
            }
            for (double v : n.std()) {
                out.writeDouble(v);
            }
            float[] params;
            synchronized (model.network()) {
                params = model.network().params().toFloatVector();
            }
            out.writeInt(params.length);
            for (float p : params) {
                out.writeFloat(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static LstmModel fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a Barcast model snapshot");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unsupported model snapshot format " + format);
            }
            String symbol = in.readUTF();
            long version = in.readLong();
            LocalDate through = LocalDate.ofEpochDay(in.readLong());
            Instant at = Instant.ofEpochMilli(in.readLong());
            Properties props = new Properties();
            props.load(new StringReader(in.readUTF()));
            ModelConfig cfg = ModelConfig.fromProperties(props);
            double trainLoss = in.readDouble();
            double valLoss = in.readDouble();
            double rmseModel = in.readDouble();
            double rmseNaive = in.readDouble();
            int epochs = in.readInt();
            int trainSamples = in.readInt();
            int valSamples = in.readInt();
            int width = in.readInt();
            double[] mean = new double[width];
            double[] std = new double[width];
            for (int i = 0; i < width; i++) {
                mean[i] = in.readDouble();
            }
            for (int i = 0; i < width; i++) {
                std[i] = in.readDouble();
            }
            int count = in.readInt();
            float[] params = new float[count];
            for (int i = 0; i < count; i++) {
                params[i] = in.readFloat();
            }
            MultiLayerNetwork net = LstmNetworks.build(cfg, width);
            if (net.numParams() != count) {
                MultiLayerNetwork legacy = LstmNetworks.build(cfg, width, LstmNetworks.LEGACY_OUTPUTS);
                if (legacy.numParams() != count) {
                    throw new IllegalArgumentException("snapshot has " + count + " weights, its configuration needs "
                            + net.numParams() + " (or " + legacy.numParams() + " without the variance output)");
                }
                net = legacy;
            }
            INDArray p = Nd4j.create(params, new long[]{1, count}, 'c');
            net.setParams(p);
            ModelMetadata meta = new ModelMetadata(symbol, version, through, at, cfg, trainLoss, valLoss,
                    rmseModel, rmseNaive, epochs, trainSamples, valSamples);
            return new LstmModel(net, new Normaliser(mean, std), meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same snapshot under another symbol and version (used to seed benchmark state with one
     * trained model for many symbols); the weights and everything else are copied unchanged.
     */
    public static byte[] relabel(byte[] snapshot, String symbol, long version) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IllegalArgumentException("not a Barcast model snapshot");
            }
            in.readUTF();
            in.readLong();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(snapshot.length + 32);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(symbol);
                out.writeLong(version);
                in.transferTo(out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String propertiesText(Properties p) {
        StringWriter w = new StringWriter();
        new TreeMap<>(p).forEach((k, v) -> w.append(k.toString()).append('=').append(v.toString()).append('\n'));
        return w.toString();
    }
}
