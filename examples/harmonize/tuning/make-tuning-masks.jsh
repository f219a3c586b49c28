// The elliptical masks of the Renoir/coffee and Kandinsky/astronaut tuning cases (docs/harmonization.md): an
// ellipse centred on the photo covering 70 % of its width and 80 % of its height. Run from the repository root:
//   jshell examples/harmonize/tuning/make-tuning-masks.jsh
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

for (String name : new String[] {"coffee", "astronaut"}) {
    BufferedImage photo = ImageIO.read(new File("examples/content/" + name + ".png"));
    int w = photo.getWidth(), h = photo.getHeight();
    BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, ax = 0.35 * w, ay = 0.40 * h;
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
        double u = (x - cx) / ax, v = (y - cy) / ay;
        m.getRaster().setSample(x, y, 0, u * u + v * v <= 1 ? 255 : 0);
    }
    ImageIO.write(m, "png", new File("examples/harmonize/tuning/" + name + "-ellipse-mask.png"));
}
/exit
