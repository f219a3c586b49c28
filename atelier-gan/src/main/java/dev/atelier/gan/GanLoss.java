package dev.atelier.gan;

import dev.atelier.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The adversarial loss a {@link GanTrainer} trains with. */
public enum GanLoss {
    /**
     * Non-saturating logistic loss with a lazy R1 penalty γ/2·E‖∇ₓD(x)‖² on real images (Mescheder et
     * al. 2018; StyleGAN2's lazy regularisation): Atelier's default.
     */
    R1("r1"),
    /**
     * The paper's loss: WGAN-GP (Gulrajani et al. 2017) with the drift term, D loss
     * {@code D(fake) − D(real) + λ·(‖∇D(x̂)‖ − 1)² + ε_drift·D(real)²} on x̂ = lerp(real, fake, u),
     * u ~ U(0, 1) per image, λ = {@value WganGpPenalty#LAMBDA}, ε_drift = {@value WganGpPenalty#DRIFT};
     * G loss {@code −D(fake)}.
     */
    WGAN_GP("wgan-gp");

    private final String key;

    GanLoss(String key) {
        this.key = key;
    }

    /** The name in checkpoints and on the command line: {@code r1}, {@code wgan-gp}. */
    public String key() {
        return key;
    }

    /**
     * The loss named {@code key}.
     *
     * @throws InvalidInputException for any other name, listing the known ones
     */
    public static GanLoss of(String key) {
        for (GanLoss l : values()) {
            if (l.key.equals(key)) {
                return l;
            }
        }
        throw new InvalidInputException("unknown GAN loss '" + key + "' (known: " + known() + ")");
    }

    /** The known names, comma-separated. */
    public static String known() {
        return Arrays.stream(values()).map(GanLoss::key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
