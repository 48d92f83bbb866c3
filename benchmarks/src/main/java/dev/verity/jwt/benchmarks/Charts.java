package dev.verity.jwt.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/** The PNG charts of {@code docs/performance.md}, drawn headless with JFreeChart. */
final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final Map<String, Color> COLORS =
      Map.ofEntries(
          Map.entry("verity", new Color(0xD9, 0x5F, 0x02)),
          Map.entry("verityBc", new Color(0xF4, 0xA5, 0x82)),
          Map.entry("nimbus", new Color(0x75, 0x70, 0xB3)),
          Map.entry("jose4j", new Color(0x1B, 0x9E, 0x77)),
          Map.entry("auth0", new Color(0xE7, 0x29, 0x8A)),
          Map.entry("jjwt", new Color(0x66, 0xA6, 0x1E)),
          Map.entry("floor", new Color(0x66, 0x66, 0x66)),
          Map.entry("baseline", new Color(0xAA, 0xAA, 0xAA)),
          Map.entry("http", new Color(0x80, 0xB1, 0xD3)),
          Map.entry("https", new Color(0x31, 0x5E, 0x9C)));

  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private final Path dir;

  Charts(Path dir) {
    this.dir = dir;
  }

  /** One algorithm: ops/s per library, fastest first, Verity and the floor picked out. */
  void throughput(String algorithm, Map<String, Double> opsByLibrary) throws IOException {
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(opsByLibrary.entrySet());
    sorted.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, Double> e : sorted) {
      data.addValue(e.getValue(), "ops/s", e.getKey());
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            algorithm + ": verifications per second (higher is better)",
            null,
            "ops/s",
            data,
            PlotOrientation.HORIZONTAL,
            false,
            false,
            false);
    BarRenderer renderer =
        new BarRenderer() {
          private static final long serialVersionUID = 1L;

          @Override
          public Paint getItemPaint(int row, int column) {
            return COLORS.getOrDefault(
                (String) getPlot().getDataset().getColumnKey(column), Color.GRAY);
          }
        };
    style(chart, renderer);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator() {
          private static final long serialVersionUID = 1L;

          @Override
          public String generateLabel(CategoryDataset dataset, int row, int column) {
            return ReportRenderer.ops(dataset.getValue(row, column).doubleValue());
          }
        });
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    NumberAxis axis = (NumberAxis) chart.getCategoryPlot().getRangeAxis();
    axis.setUpperMargin(0.15);
    save(chart, "throughput-" + algorithm + ".png", 820, 90 + 42 * sorted.size());
  }

  /**
   * Every library's throughput as a share of the floor, per algorithm, with the floor (1.0) and
   * Verity's budgets (0.95; 0.50 for HS256) drawn in.
   */
  void ratioToFloor(Map<String, Map<String, Double>> ratios, List<String> algorithms)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    double cap = 1.6;
    List<String> offScale = new ArrayList<>();
    Map<String, Double> actual = new LinkedHashMap<>();
    for (String algorithm : algorithms) {
      for (Map.Entry<String, Map<String, Double>> library : ratios.entrySet()) {
        Double ratio = library.getValue().get(algorithm);
        if (ratio != null) {
          data.addValue(Math.min(ratio, cap), library.getKey(), algorithm);
          actual.put(library.getKey() + " " + algorithm, ratio);
          if (ratio > cap) {
            offScale.add(
                String.format(Locale.ROOT, "%s %s %.1f×", library.getKey(), algorithm, ratio));
          }
        }
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Throughput as a share of the bare JCA floor (higher is better)",
            null,
            "ops/s ÷ floor ops/s",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    BarRenderer renderer = new BarRenderer();
    style(chart, renderer);
    colorSeries(data, renderer);
    renderer.setItemMargin(0.05);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator() {
          private static final long serialVersionUID = 1L;

          @Override
          public String generateLabel(CategoryDataset dataset, int row, int column) {
            double ratio = actual.get(dataset.getRowKey(row) + " " + dataset.getColumnKey(column));
            return String.format(Locale.ROOT, ratio > cap ? "%.2f ▲" : "%.2f", ratio);
          }
        });
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.addRangeMarker(marker(1.0, "floor", Color.BLACK, false));
    ValueMarker budget = marker(0.95, "Verity budget 0.95", new Color(0xD9, 0x5F, 0x02), true);
    budget.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
    budget.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
    plot.addRangeMarker(budget);
    plot.addRangeMarker(
        marker(0.50, "Verity HS256 budget 0.50", new Color(0xD9, 0x5F, 0x02), true));
    NumberAxis axis = (NumberAxis) plot.getRangeAxis();
    axis.setRange(0, cap * 1.05);
    if (!offScale.isEmpty()) {
      chart.addSubtitle(new TextTitle("▲ off the scale: " + String.join(", ", offScale), LABEL));
    }
    save(chart, "ratio-to-floor.png", 1000, 520);
  }

  /** Bytes allocated per verification, per algorithm and library, the floor included. */
  void allocation(Map<String, Map<String, Double>> bytes, List<String> algorithms)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (String algorithm : algorithms) {
      for (Map.Entry<String, Map<String, Double>> library : bytes.entrySet()) {
        Double value = library.getValue().get(algorithm);
        if (value != null) {
          data.addValue(value, library.getKey(), algorithm);
        }
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Bytes allocated per verification (lower is better; -prof gc)",
            null,
            "B/op (gc.alloc.rate.norm)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    BarRenderer renderer = new BarRenderer();
    style(chart, renderer);
    colorSeries(data, renderer);
    renderer.setItemMargin(0.05);
    // From the HMAC floor's 48 bytes to hundreds of kilobytes: only a log scale shows both.
    LogAxis axis = new LogAxis("B/op (gc.alloc.rate.norm), log scale");
    axis.setBase(10);
    axis.setSmallestValue(10);
    axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
    axis.setLabelFont(LABEL);
    axis.setTickLabelFont(LABEL);
    chart.getCategoryPlot().setRangeAxis(axis);
    renderer.setBase(10);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator() {
          private static final long serialVersionUID = 1L;

          @Override
          public String generateLabel(CategoryDataset dataset, int row, int column) {
            double value = dataset.getValue(row, column).doubleValue();
            return value >= 10_000
                ? String.format(Locale.ROOT, "%.0fk", value / 1000)
                : String.format(Locale.ROOT, "%.1fk", value / 1000);
          }
        });
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    save(chart, "alloc.png", 1000, 480);
  }

  /** Cold start: median wall time and classes loaded per library, http and https side by side. */
  void coldStart(Map<String, Map<String, Double>> millis, Map<String, Map<String, Double>> classes)
      throws IOException {
    JFreeChart time =
        grouped(
            millis, "Cold start: JVM start to first verified token", "median ms (lower is better)");
    JFreeChart count =
        grouped(classes, "Classes loaded by then", "median classes (lower is better)");
    int width = 1100;
    int height = 460;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    time.draw(g, new Rectangle2D.Double(0, 0, width / 2.0, height));
    count.draw(g, new Rectangle2D.Double(width / 2.0, 0, width / 2.0, height));
    g.dispose();
    ImageIO.write(image, "png", dir.resolve("cold-start.png").toFile());
  }

  private JFreeChart grouped(Map<String, Map<String, Double>> bySeries, String title, String axis) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    Map<String, Boolean> libraries = new LinkedHashMap<>();
    bySeries.values().forEach(m -> m.keySet().forEach(k -> libraries.put(k, true)));
    for (String library : libraries.keySet()) {
      for (Map.Entry<String, Map<String, Double>> series : bySeries.entrySet()) {
        Double value = series.getValue().get(library);
        if (value != null) {
          data.addValue(value, series.getKey(), library);
        }
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, null, axis, data, PlotOrientation.HORIZONTAL, true, false, false);
    BarRenderer renderer = new BarRenderer();
    style(chart, renderer);
    colorSeries(data, renderer);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator() {
          private static final long serialVersionUID = 1L;

          @Override
          public String generateLabel(CategoryDataset dataset, int row, int column) {
            return String.format(Locale.ROOT, "%.0f", dataset.getValue(row, column).doubleValue());
          }
        });
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    renderer.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    ((NumberAxis) chart.getCategoryPlot().getRangeAxis()).setUpperMargin(0.15);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    return chart;
  }

  private static void style(JFreeChart chart, BarRenderer renderer) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(TITLE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setRenderer(renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlineVisible(false);
    plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    CategoryAxis categories = plot.getDomainAxis();
    categories.setTickLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    plot.getRangeAxis().setTickLabelFont(LABEL);
    plot.getRangeAxis().setLabelFont(LABEL);
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(false);
    renderer.setMaximumBarWidth(0.12);
    renderer.setDefaultItemLabelFont(LABEL);
    if (chart.getLegend() != null) {
      chart.getLegend().setItemFont(LABEL);
      chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
  }

  private static void colorSeries(DefaultCategoryDataset data, BarRenderer renderer) {
    for (int row = 0; row < data.getRowCount(); row++) {
      renderer.setSeriesPaint(row, COLORS.getOrDefault((String) data.getRowKey(row), Color.GRAY));
    }
  }

  private static ValueMarker marker(double value, String label, Color color, boolean dashed) {
    ValueMarker marker =
        new ValueMarker(
            value,
            color,
            dashed
                ? new BasicStroke(
                    1.2f,
                    BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER,
                    1f,
                    new float[] {6f, 4f},
                    0f)
                : new BasicStroke(1.5f));
    marker.setLabel(label);
    marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    marker.setLabelPaint(color);
    marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    return marker;
  }

  private void save(JFreeChart chart, String name, int width, int height) throws IOException {
    ChartUtils.saveChartAsPNG(dir.resolve(name).toFile(), chart, width, height);
  }
}
