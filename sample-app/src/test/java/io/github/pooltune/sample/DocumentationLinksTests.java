package io.github.pooltune.sample;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relative links in {@code README.md} and {@code docs/*.md}: each must name a file
 * that exists and, with a {@code #anchor}, a heading of that file, so that moving or
 * renaming a page or a section breaks the build instead of the documentation. Anchors
 * follow GitHub's rule for headings: lower case, punctuation other than {@code -} and
 * {@code _} dropped, each space a {@code -}, and {@code -1}, {@code -2}, … for repeats.
 * Links to {@code http(s)} addresses are not fetched. Code (fenced blocks and
 * {@code `spans`}) holds no links. Headings are ATX headings ({@code ## Title}), as the
 * documentation writes them.
 *
 * @author pooltune
 */
class DocumentationLinksTests {

	private static final Path README = Path.of("README.md");

	private static final Path DOCS = Path.of("docs");

	/** {@code [text](target)} and {@code ![alt](target "title")}; the text may hold brackets of its own. */
	private static final Pattern INLINE_LINK = Pattern
		.compile("!?\\[((?:[^\\[\\]]|\\[[^\\[\\]]*\\])*)\\]\\(\\s*(<[^>]*>|[^\\s)]+)(?:\\s+\"[^\"]*\")?\\s*\\)");

	/** {@code [label]: target}, a reference definition on a line of its own. */
	private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*(<[^>]*>|\\S+)");

	private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");

	private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

	private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");

	private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

	private final Map<Path, Set<String>> anchors = new HashMap<>();

	@Test
	void everyRelativeLinkReachesAFileAndAHeading() throws IOException {
		Path root = repositoryRoot();
		List<String> broken = new ArrayList<>();
		int checked = 0;
		for (Path file : documentationFiles(root)) {
			for (String target : links(Files.readString(file))) {
				if (SCHEME.matcher(target).find()) {
					continue;
				}
				checked++;
				String problem = problem(root, file, target);
				if (problem != null) {
					broken.add(root.relativize(file) + ": (" + target + ") " + problem);
				}
			}
		}
		assertThat(broken).as("broken links in the documentation").isEmpty();
		assertThat(checked).as("relative links checked").isPositive();
	}

	@Test
	void theReadmeLinksToEveryPageInDocs() throws IOException {
		Path root = repositoryRoot();
		Set<Path> linked = new LinkedHashSet<>();
		for (String target : links(Files.readString(root.resolve(README)))) {
			if (!SCHEME.matcher(target).find()) {
				linked.add(root.resolve(decode(pathOf(target))).normalize());
			}
		}
		List<Path> pages = documentationFiles(root).stream().filter((file) -> !file.endsWith(README)).toList();
		assertThat(pages).isNotEmpty();
		assertThat(linked).as("pages linked from README.md").containsAll(pages);
	}

	@Test
	void anchorsFollowGitHubsRule() {
		Set<String> anchors = anchors("""
				# pooltune
				## What `DB_POOL_PRE_PING` does on HikariCP
				## `spring.datasource.hikari.*`, other pools, other DataSources
				### Capacity: the fleet against the server
				## Health: the [`pool`](#x) contributor ##
				```
				## not a heading, in a fence
				```
				## Soak
				## Soak
				""");
		assertThat(anchors).containsExactly("pooltune", "what-db_pool_pre_ping-does-on-hikaricp",
				"springdatasourcehikari-other-pools-other-datasources", "capacity-the-fleet-against-the-server",
				"health-the-pool-contributor", "soak", "soak-1");
	}

	@Test
	void linksInCodeAreNotLinks() {
		assertThat(links("""
				See [Settings](docs/settings.md#bad-input) and ![plot](../a.png "the plot").
				`[not](a-link.md)` and [text [with] brackets](b.md)
				```
				[also not](c.md)
				```
				[ref]: <d.md>
				""")).containsExactly("docs/settings.md#bad-input", "../a.png", "b.md", "d.md");
	}

	/** What is wrong with a relative link from {@code file}, or {@code null}. */
	private String problem(Path root, Path file, String target) {
		String path = pathOf(target);
		int hash = target.indexOf('#');
		String anchor = (hash >= 0) ? decode(target.substring(hash + 1)) : null;
		Path resolved = path.isEmpty() ? file : file.getParent().resolve(decode(path)).normalize();
		if (!Files.exists(resolved)) {
			return "no file " + root.relativize(resolved);
		}
		if (anchor == null || anchor.isEmpty()) {
			return null;
		}
		if (!Files.isRegularFile(resolved) || !resolved.getFileName().toString().endsWith(".md")) {
			return "#" + anchor + " on " + resolved.getFileName() + ", which is not a Markdown file";
		}
		Set<String> headings = this.anchors.computeIfAbsent(resolved, (markdown) -> anchors(read(markdown)));
		return headings.contains(anchor) ? null : "no heading #" + anchor + " in " + resolved.getFileName()
				+ " (its anchors: " + String.join(", ", headings) + ")";
	}

	/** The link targets of a Markdown text, in order, outside code. */
	static List<String> links(String markdown) {
		List<String> targets = new ArrayList<>();
		for (String line : proseLines(markdown)) {
			String prose = CODE_SPAN.matcher(line).replaceAll("");
			Matcher definition = REFERENCE_DEFINITION.matcher(prose);
			if (definition.find()) {
				targets.add(unbracket(definition.group(1)));
				continue;
			}
			Matcher link = INLINE_LINK.matcher(prose);
			while (link.find()) {
				targets.add(unbracket(link.group(2)));
			}
		}
		return targets;
	}

	/** The anchors GitHub gives the headings of a Markdown text, in order. */
	static Set<String> anchors(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> repeats = new HashMap<>();
		for (String line : proseLines(markdown)) {
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String anchor = anchor(heading.group(2));
				int repeat = repeats.merge(anchor, 1, Integer::sum) - 1;
				anchors.add((repeat == 0) ? anchor : anchor + "-" + repeat);
			}
		}
		return anchors;
	}

	/** GitHub's anchor for a heading's text: its rendered words, lower case, punctuation dropped, spaces to -. */
	static String anchor(String heading) {
		String text = INLINE_LINK.matcher(heading).replaceAll((link) -> Matcher.quoteReplacement(link.group(1)));
		text = text.replace("`", "").toLowerCase(Locale.ROOT);
		return text.replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
	}

	/** The lines of a Markdown text outside fenced code blocks. */
	private static List<String> proseLines(String markdown) {
		List<String> lines = new ArrayList<>();
		String fence = null;
		for (String line : markdown.split("\\R", -1)) {
			Matcher opening = FENCE.matcher(line);
			if (fence == null && opening.find()) {
				fence = opening.group(1);
			}
			else if (fence != null) {
				if (closes(line.strip(), fence)) {
					fence = null;
				}
			}
			else {
				lines.add(line);
			}
		}
		return lines;
	}

	/** Whether a line closes a fence: the fence's character only, at least as many. */
	private static boolean closes(String line, String fence) {
		return line.length() >= fence.length() && line.chars().allMatch((c) -> c == fence.charAt(0));
	}

	private static String pathOf(String target) {
		int hash = target.indexOf('#');
		String path = (hash >= 0) ? target.substring(0, hash) : target;
		int query = path.indexOf('?');
		return (query >= 0) ? path.substring(0, query) : path;
	}

	private static String unbracket(String target) {
		return (target.startsWith("<") && target.endsWith(">")) ? target.substring(1, target.length() - 1) : target;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	/** {@code README.md} and every {@code docs/*.md}, in name order. */
	private static List<Path> documentationFiles(Path root) throws IOException {
		List<Path> files = new ArrayList<>();
		files.add(root.resolve(README));
		try (Stream<Path> docs = Files.list(root.resolve(DOCS))) {
			docs.filter((file) -> file.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
		}
		return files;
	}

	/** The checkout these tests run in: the first directory up from here with the README and docs. */
	private static Path repositoryRoot() {
		Path start = Path.of("").toAbsolutePath();
		for (Path directory = start; directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve(README)) && Files.isDirectory(directory.resolve(DOCS))
					&& Files.isRegularFile(directory.resolve("mvnw"))) {
				return directory;
			}
		}
		throw new AssertionError("No " + README + " and " + DOCS + " in " + start + " or any directory above it");
	}

}
