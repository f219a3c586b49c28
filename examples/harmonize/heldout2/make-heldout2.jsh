// Generates the second set of held-out inputs for issue #22 (made before any tuning of that round):
// run from the repository root with
//   jshell examples/harmonize/heldout2/make-heldout2.jsh
// generated-dabs-painting.png: 480x360, a warm-to-cool ground under 1200 short curved dabs in a five-colour
//                              palette (teal, ochre, rust, cream, indigo), seed 20261207
// generated-cylinder.png:      200x200, a shaded upright cylinder with magenta and green bands
// generated-cylinder-mask.png: its silhouette (a rectangle with elliptical top and bottom)
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

int W = 480, H = 360;
java.util.Random rnd = new java.util.Random(20261207L);
double[][] canvas = new double[3][W * H];
for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) {
    double t = (x + 0.5 * y) / (W + 0.5 * H);
    canvas[0][y * W + x] = 200 * (1 - t) + 70 * t;
    canvas[1][y * W + x] = 150 * (1 - t) + 120 * t;
    canvas[2][y * W + x] = 90 * (1 - t) + 130 * t;
}
int[][] palette = {{47, 93, 80}, {201, 162, 39}, {162, 62, 42}, {239, 230, 207}, {59, 51, 85}};
for (int d = 0; d < 1200; d++) {
    int[] c = palette[rnd.nextInt(palette.length)];
    double x0 = rnd.nextDouble() * W, y0 = rnd.nextDouble() * H;
    double angle = rnd.nextDouble() * Math.PI * 2, bend = (rnd.nextDouble() - 0.5) * 0.25;
    double radius = 3 + rnd.nextDouble() * 3;
    int steps = 6 + rnd.nextInt(10);
    double jitter = rnd.nextInt(31) - 15;
    for (int s = 0; s < steps; s++) {
        double cx = x0 + Math.cos(angle) * 2.5 * s, cy = y0 + Math.sin(angle) * 2.5 * s;
        angle += bend;
        for (int y = (int) Math.max(0, cy - radius); y <= Math.min(H - 1, cy + radius); y++) {
            for (int x = (int) Math.max(0, cx - radius); x <= Math.min(W - 1, cx + radius); x++) {
                double dx = x - cx, dy = y - cy;
                if (dx * dx + dy * dy <= radius * radius) {
                    for (int ch = 0; ch < 3; ch++) {
                        canvas[ch][y * W + x] = 0.3 * canvas[ch][y * W + x] + 0.7 * (c[ch] + jitter);
                    }
                }
            }
        }
    }
}
BufferedImage p = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
for (int i = 0; i < W * H; i++) {
    int r = (int) Math.max(0, Math.min(255, Math.round(canvas[0][i])));
    int g = (int) Math.max(0, Math.min(255, Math.round(canvas[1][i])));
    int b = (int) Math.max(0, Math.min(255, Math.round(canvas[2][i])));
    p.setRGB(i % W, i / W, (r << 16) | (g << 8) | b);
}
ImageIO.write(p, "png", new File("examples/harmonize/heldout2/generated-dabs-painting.png"));
int S = 200;
BufferedImage o = new BufferedImage(S, S, BufferedImage.TYPE_INT_RGB);
BufferedImage m = new BufferedImage(S, S, BufferedImage.TYPE_INT_RGB);
double left = 50, right = 150, top = 40, bottom = 170, ry = 14;
double cxc = (left + right) / 2, rx = (right - left) / 2;
for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) {
    double u = (x - cxc) / rx;
    boolean inBody = Math.abs(u) <= 1 && y >= top && y <= bottom;
    double vt = (y - top) / ry, vb = (y - bottom) / ry;
    boolean inTop = u * u + vt * vt <= 1, inBottom = u * u + vb * vb <= 1;
    boolean inside = inBody || inTop || inBottom;
    int rgb = 0x808080;
    if (inside) {
        double shade = 0.35 + 0.65 * Math.sqrt(Math.max(0, 1 - u * u)) * (0.8 + 0.2 * (1 - u));
        // the lid (the whole top ellipse) is pale; the body has bands 18 px high
        int[] base = inTop ? new int[] {235, 225, 240}
                : ((int) Math.floor((y - top + 1000) / 18.0)) % 2 == 0 ? new int[] {200, 30, 150} : new int[] {40, 170, 70};
        int r = (int) Math.round(base[0] * shade), g = (int) Math.round(base[1] * shade), b = (int) Math.round(base[2] * shade);
        rgb = (Math.min(255, r) << 16) | (Math.min(255, g) << 8) | Math.min(255, b);
    }
    o.setRGB(x, y, rgb);
    m.setRGB(x, y, inside ? 0xffffff : 0);
}
ImageIO.write(o, "png", new File("examples/harmonize/heldout2/generated-cylinder.png"));
ImageIO.write(m, "png", new File("examples/harmonize/heldout2/generated-cylinder-mask.png"));
/exit
