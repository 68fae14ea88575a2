package dev.vigil.cli.explain;

import dev.vigil.runtime.verdict.FileVerdict;
import dev.vigil.runtime.verdict.SegmentVerdict;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws one verdict (headless Java2D): the log-mel spectrogram over time on top, the segment scores
 * with the threshold line in the middle, the gate's weight per expert at the bottom, all on one
 * time axis.
 */
final class ExplainPlot {

  private static final Color[] EXPERT_COLORS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22)
  };
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 30;
  private static final int GAP = 36;
  private static final int BOTTOM = 40;

  private ExplainPlot() {}

  /**
   * Renders the picture.
   *
   * @param spec log-mel values [bins][frames] row-major, frames spanning {@code seconds}
   * @param bins mel bands
   * @param frames time frames
   * @param seconds the time the frames span
   * @param v the verdict with its segments
   * @param width image width, px
   * @param height image height, px
   */
  static BufferedImage render(
      float[] spec, int bins, int frames, double seconds, FileVerdict v, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      int plotW = width - LEFT - RIGHT;
      int avail = height - TOP - BOTTOM - 2 * GAP;
      int specH = avail / 2;
      int scoreH = avail / 4;
      int gateH = avail - specH - scoreH;
      int y0 = TOP;
      int y1 = y0 + specH + GAP;
      int y2 = y1 + scoreH + GAP;
      double total = Math.max(seconds, v.durationSeconds());

      g.setColor(Color.BLACK);
      g.drawString(
          String.format(
              Locale.ROOT,
              "%s  label %s  score %.3f  threshold %.3f  max segment %.3f",
              v.source(),
              v.label().wireName(),
              v.score(),
              v.threshold(),
              v.maxSegmentScore()),
          LEFT,
          18);

      drawSpectrogram(
          g, spec, bins, frames, LEFT, y0, (int) Math.round(plotW * seconds / total), specH);
      g.setColor(Color.DARK_GRAY);
      g.drawRect(LEFT, y0, plotW, specH);
      label(g, "log-mel", LEFT - 62, y0 + specH / 2);

      // scores
      frame(g, LEFT, y1, plotW, scoreH, "P(spoof)");
      int ty = y1 + (int) Math.round((1 - v.threshold()) * scoreH);
      g.setColor(Color.RED);
      g.setStroke(
          new BasicStroke(
              1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      g.drawLine(LEFT, ty, LEFT + plotW, ty);
      g.setStroke(new BasicStroke(2f));
      List<SegmentVerdict> segs = v.segments();
      drawSeries(g, segs, total, LEFT, y1, plotW, scoreH, -1, Color.BLACK);

      // gate weights
      frame(g, LEFT, y2, plotW, gateH, "gate weight");
      for (int e = 0; e < v.expertNames().size(); e++) {
        Color c = EXPERT_COLORS[e % EXPERT_COLORS.length];
        drawSeries(g, segs, total, LEFT, y2, plotW, gateH, e, c);
        g.setColor(c);
        g.drawString(v.expertNames().get(e), LEFT + 8 + 150 * e, y2 + gateH + 30);
      }

      // time axis
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1f));
      double step = niceStep(total / 10);
      for (double t = 0; t <= total + 1e-9; t += step) {
        int x = LEFT + (int) Math.round(plotW * t / total);
        g.drawLine(x, y2 + gateH, x, y2 + gateH + 4);
        g.drawString(String.format(Locale.ROOT, "%.4g", t), x - 8, y2 + gateH + 16);
      }
      g.drawString("s", LEFT + plotW - 8, y2 + gateH + 30);
    } finally {
      g.dispose();
    }
    return img;
  }

  private static void drawSeries(
      Graphics2D g,
      List<SegmentVerdict> segs,
      double total,
      int x0,
      int y0,
      int w,
      int h,
      int expert,
      Color color) {
    int px = -1;
    int py = -1;
    for (SegmentVerdict s : segs) {
      double val = expert < 0 ? s.score() : s.gateWeights().get(expert);
      double mid = (s.startSeconds() + s.endSeconds()) / 2;
      int x = x0 + (int) Math.round(w * mid / total);
      int y = y0 + (int) Math.round((1 - val) * h);
      g.setColor(s.silent() ? Color.LIGHT_GRAY : color);
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      }
      g.fillOval(x - 3, y - 3, 6, 6);
      px = x;
      py = y;
    }
  }

  private static void frame(Graphics2D g, int x, int y, int w, int h, String name) {
    g.setColor(new Color(0xf4f4f4));
    g.fillRect(x, y, w, h);
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(x, y, w, h);
    g.drawString("1", x - 14, y + 10);
    g.drawString("0", x - 14, y + h);
    label(g, name, x - 66, y + h / 2);
  }

  private static void label(Graphics2D g, String s, int x, int y) {
    g.setColor(Color.BLACK);
    g.drawString(s, x, y);
  }

  private static void drawSpectrogram(
      Graphics2D g, float[] spec, int bins, int frames, int x0, int y0, int w, int h) {
    if (w <= 0 || frames == 0) {
      return;
    }
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float f : spec) {
      lo = Math.min(lo, f);
      hi = Math.max(hi, f);
    }
    float range = hi > lo ? hi - lo : 1f;
    BufferedImage s = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int px = 0; px < w; px++) {
      int f = Math.min(frames - 1, (int) ((long) px * frames / w));
      for (int py = 0; py < h; py++) {
        int b = Math.min(bins - 1, (int) ((long) (h - 1 - py) * bins / h));
        float v = (spec[b * frames + f] - lo) / range;
        s.setRGB(px, py, colormap(v));
      }
    }
    g.drawImage(s, x0, y0, null);
  }

  /** A dark-blue → teal → yellow colour ramp. */
  static int colormap(float v) {
    float t = Math.max(0f, Math.min(1f, v));
    float[][] stops = {{0.07f, 0.02f, 0.25f}, {0.13f, 0.45f, 0.56f}, {0.99f, 0.91f, 0.15f}};
    float p = t * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) p);
    float u = p - i;
    int r = Math.round(255 * (stops[i][0] + u * (stops[i + 1][0] - stops[i][0])));
    int gg = Math.round(255 * (stops[i][1] + u * (stops[i + 1][1] - stops[i][1])));
    int b = Math.round(255 * (stops[i][2] + u * (stops[i + 1][2] - stops[i][2])));
    return (r << 16) | (gg << 8) | b;
  }

  private static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (raw <= m * p) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
