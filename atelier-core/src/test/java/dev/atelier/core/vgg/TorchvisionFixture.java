package dev.atelier.core.vgg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.SharedFixtures;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.weights.TorchCheckpointReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;

/**
 * The shared torchvision fixture, loaded: VGG16-BN with its checkpoint, the fixed input, and torchvision's
 * record of every layer's activation for it ({@code vgg16_bn_features_fixture.json}). Skips the test when
 * ../shared/fixtures is absent.
 */
final class TorchvisionFixture implements AutoCloseable {
    /** torchvision's activations: {@code input}, {@code layers[i]}, {@code pre_pool_indices}. */
    final JsonNode record;
    final VggFeatures net;
    private final NDManager manager;
    private final NDArray input;

    private TorchvisionFixture(JsonNode record, VggFeatures net, NDManager manager, NDArray input) {
        this.record = record;
        this.net = net;
        this.manager = manager;
        this.input = input;
    }

    static TorchvisionFixture load() throws IOException {
        JsonNode record = new ObjectMapper().readTree(SharedFixtures.require("vgg16_bn_features_fixture.json").toFile());
        VggFeatures net = VggFeatures.builder().setArchitecture(VggArchitecture.VGG16_BN)
                .setStateDict(TorchCheckpointReader.read(SharedFixtures.require("vgg16_bn_features_fixture.pth"))).build();
        float[] x = new float[3 * 64 * 64];
        ByteBuffer.wrap(Files.readAllBytes(SharedFixtures.require("input_1x3x64x64_f32le.bin")))
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
        NDManager manager = NDManager.newBaseManager();
        return new TorchvisionFixture(record, net, manager, OwnedArrays.of(manager, x, new Shape(1, 3, 64, 64)));
    }

    /** The fixture's own input array (do not close or modify). */
    NDArray input() {
        return input;
    }

    /** A copy of the input attached to {@code scope}. */
    NDArray inputIn(NDManager scope) {
        NDArray x = input.duplicate();
        x.attach(scope);
        return x;
    }

    /** A scope for one test's arrays. */
    NDManager scope() {
        return manager.newSubManager();
    }

    @Override
    public void close() {
        manager.close();
        net.close();
    }
}
