package io.github.pooltune.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Draws a load run's samples as a PNG with Java2D, no plotting library: one line per
 * column of a CSV whose first column is seconds ({@code seconds,load,maximum,...}).
 * Runs as a single source file: {@code java LoadChart.java run.csv run.png "title"}.
 *
 * @author pooltune
 */
public final class LoadChart {

	private static final Color[] COLORS = { new Color(0x888888), new Color(0xd62728), new Color(0x1f77b4),
			new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd), new Color(0x8c564b) };

	private static final int WIDTH = 1100;

	private static final int HEIGHT = 460;

	private static final int LEFT = 60;

	private static final int RIGHT = 190;

	private static final int TOP = 40;

	private static final int BOTTOM = 45;

	private LoadChart() {
	}

	public static void main(String[] args) throws IOException {
		List<String> lines = Files.readAllLines(Path.of(args[0]));
		String[] header = lines.get(0).split(",");
		List<double[]> rows = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.split(",");
			if (cells.length == header.length) {
				rows.add(Arrays.stream(cells).mapToDouble(Double::parseDouble).toArray());
			}
		}
		ImageIO.write(draw(header, rows, (args.length > 2) ? args[2] : args[0]), "png", Path.of(args[1]).toFile());
	}

	static BufferedImage draw(String[] header, List<double[]> rows, String title) {
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, HEIGHT);
		double maxX = rows.stream().mapToDouble((row) -> row[0]).max().orElse(1);
		double maxY = 1;
		for (double[] row : rows) {
			for (int column = 1; column < row.length; column++) {
				maxY = Math.max(maxY, row[column]);
			}
		}
		maxY = niceCeiling(maxY * 1.05);
		int plotWidth = WIDTH - LEFT - RIGHT;
		int plotHeight = HEIGHT - TOP - BOTTOM;
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.setColor(new Color(0xeeeeee));
		for (int tick = 0; tick <= 5; tick++) {
			int y = TOP + plotHeight - tick * plotHeight / 5;
			g.drawLine(LEFT, y, LEFT + plotWidth, y);
		}
		g.setColor(Color.BLACK);
		g.drawRect(LEFT, TOP, plotWidth, plotHeight);
		for (int tick = 0; tick <= 5; tick++) {
			int y = TOP + plotHeight - tick * plotHeight / 5;
			g.drawString(String.valueOf(Math.round(maxY * tick / 5)), 8, y + 4);
			int x = LEFT + tick * plotWidth / 5;
			g.drawString(String.format("%.0f s", maxX * tick / 5), x - 12, TOP + plotHeight + 18);
		}
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		g.drawString(title, LEFT, 24);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		for (int column = 1; column < header.length; column++) {
			Color color = COLORS[(column - 1) % COLORS.length];
			g.setColor(color);
			g.setStroke(new BasicStroke((column == 1) ? 1.5f : 2f));
			int previousX = -1;
			int previousY = -1;
			for (double[] row : rows) {
				int x = LEFT + (int) Math.round(row[0] / maxX * plotWidth);
				int y = TOP + plotHeight - (int) Math.round(row[column] / maxY * plotHeight);
				if (previousX >= 0) {
					g.drawLine(previousX, previousY, x, y);
				}
				previousX = x;
				previousY = y;
			}
			int legendY = TOP + 10 + (column - 1) * 20;
			g.fillRect(LEFT + plotWidth + 15, legendY - 8, 18, 4);
			g.setColor(Color.BLACK);
			g.drawString(header[column].replace('_', ' '), LEFT + plotWidth + 40, legendY);
		}
		g.dispose();
		return image;
	}

	private static double niceCeiling(double value) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
		for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
			if (step * magnitude >= value) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

}
