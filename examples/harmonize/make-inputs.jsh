// Generates the harmonisation examples' inputs: run from the repository root with
//   jshell examples/harmonize/make-inputs.jsh
// synthetic-painting.png: diagonal two-colour stripes with brush-like jitter (the "painting")
// synthetic-object.png:  a flat blue-and-white checkerboard (the pasted object), synthetic-mask.png: a disc
// cat-mask.png:          an ellipse over the cat's head in examples/content/chelsea.png
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

int W = 256, H = 192;
BufferedImage p = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
java.util.Random rnd = new java.util.Random(7);
for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) {
    double phase = (x + y + 3 * Math.sin(y * 0.3)) / 12.0;
    boolean dark = ((int) Math.floor(phase)) % 2 == 0;
    int j = rnd.nextInt(21) - 10;
    int r = dark ? 150 + j : 235 + j / 2, g = dark ? 60 + j : 190 + j / 2, b = dark ? 30 + j : 90 + j / 2;
    p.setRGB(x, y, (r << 16) | (g << 8) | b);
}
ImageIO.write(p, "png", new File("examples/harmonize/synthetic-painting.png"));
int S = 96;
BufferedImage o = new BufferedImage(S, S, BufferedImage.TYPE_INT_RGB);
BufferedImage m = new BufferedImage(S, S, BufferedImage.TYPE_INT_RGB);
for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) {
    boolean white = ((x / 12) + (y / 12)) % 2 == 0;
    o.setRGB(x, y, white ? 0xf0f0f0 : 0x2040c0);
    double dx = x - (S - 1) / 2.0, dy = y - (S - 1) / 2.0;
    m.setRGB(x, y, dx * dx + dy * dy <= 40 * 40 ? 0xffffff : 0);
}
ImageIO.write(o, "png", new File("examples/harmonize/synthetic-object.png"));
ImageIO.write(m, "png", new File("examples/harmonize/synthetic-mask.png"));
BufferedImage cat = ImageIO.read(new File("examples/content/chelsea.png"));
BufferedImage cm = new BufferedImage(cat.getWidth(), cat.getHeight(), BufferedImage.TYPE_INT_RGB);
System.out.println("chelsea " + cat.getWidth() + "x" + cat.getHeight());
double cx = cat.getWidth() * 0.52, cy = cat.getHeight() * 0.45, ax = cat.getWidth() * 0.30, ay = cat.getHeight() * 0.40;
for (int y = 0; y < cat.getHeight(); y++) for (int x = 0; x < cat.getWidth(); x++) {
    double u = (x - cx) / ax, v = (y - cy) / ay;
    cm.setRGB(x, y, u * u + v * v <= 1 ? 0xffffff : 0);
}
ImageIO.write(cm, "png", new File("examples/harmonize/cat-mask.png"));
/exit
