package dev.exitwise.model.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a user's labelled file (JSONL, CSV or TSV, see {@link DataFormat}) into a {@link LabelledFile}, or fails with
 * a {@link DataFileException} that names the file, the line and the problem. UTF-8, with or without a byte-order
 * mark; CSV and TSV through Commons CSV, so quoted fields may hold delimiters, quotes and newlines.
 */
public final class LabelledFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
  private static final CSVFormat TSV = CSV.builder().setDelimiter('\t').get();

  private LabelledFiles() {}

  /**
   * Reads a file; its type follows the extension.
   *
   * @throws DataFileException for a missing or unreadable file, an unknown extension or bad data
   */
  public static LabelledFile read(Path file, DataFormat format) {
    String source = file.toString();
    DataFormat.FileType type;
    try {
      type = DataFormat.FileType.of(file);
    } catch (IllegalArgumentException e) {
      throw new DataFileException(source, 0, DataFormat.FileType.UNKNOWN);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, source, type, format);
    } catch (NoSuchFileException e) {
      throw new DataFileException(source, 0, "no such file");
    } catch (IOException e) {
      throw new DataFileException(source, 0, "cannot read: " + e.getMessage());
    }
  }

  /**
   * Reads a stream of the given type.
   *
   * @param source names the input in messages and in the result
   * @throws DataFileException for bad data
   * @throws UncheckedIOException when the stream fails
   */
  public static LabelledFile read(InputStream in, String source, DataFormat.FileType type, DataFormat format) {
    MessageDigest sha256 = sha256();
    DigestInputStream digesting = new DigestInputStream(in, sha256);
    // the parsers close their reader; the digest still needs the bytes after the last row
    Reader reader = utf8(new java.io.FilterInputStream(digesting) {
      @Override
      public void close() {}
    });
    List<LabelledFile.Row> rows;
    try {
      rows = type == DataFormat.FileType.JSONL
          ? readJsonl(reader, source, format)
          : readDelimited(reader, source, type == DataFormat.FileType.CSV ? CSV : TSV, format);
      digesting.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (CharacterCodingException | UncheckedIOException e) {
      throw new DataFileException(source, 0, "not UTF-8 text (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    if (rows.isEmpty()) {
      throw new DataFileException(source, 0, "the file has no rows");
    }
    return new LabelledFile(source, HexFormat.of().formatHex(sha256.digest()), rows, format.labelColumns());
  }

  /** The hex sha256 of a file's bytes. */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The hex sha256 of a stream's remaining bytes; the caller closes the stream. */
  static String sha256(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    new DigestInputStream(in, digest).transferTo(java.io.OutputStream.nullOutputStream());
    return HexFormat.of().formatHex(digest.digest());
  }

  private static List<LabelledFile.Row> readJsonl(Reader reader, String source, DataFormat format)
      throws IOException {
    List<LabelledFile.Row> rows = new ArrayList<>();
    BufferedReader lines = new BufferedReader(reader);
    long lineNumber = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode object;
      try {
        object = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new DataFileException(source, lineNumber, "not a JSON object: " + e.getOriginalMessage());
      }
      if (object == null || !object.isObject()) {
        throw new DataFileException(source, lineNumber, "not a JSON object");
      }
      String text = jsonText(object, source, lineNumber, format.textField());
      List<String> labels = format.columnLayout()
          ? jsonLabelFlags(object, source, lineNumber, format.labelColumns())
          : jsonLabelList(object, source, lineNumber, format);
      rows.add(new LabelledFile.Row(lineNumber, rowId(jsonScalar(object, format.idField()), source, lineNumber),
          text, labels));
    }
    return rows;
  }

  private static String jsonText(JsonNode object, String source, long line, String field) {
    JsonNode text = object.get(field);
    if (text == null || text.isNull()) {
      throw new DataFileException(source, line, "no text field '" + field + "' (fields: " + fieldNames(object)
          + "; name the text field with --text-field)");
    }
    if (!text.isTextual()) {
      throw new DataFileException(source, line, "text field '" + field + "' is not a string");
    }
    return requireText(text.asText(), source, line, field);
  }

  private static List<String> jsonLabelList(JsonNode object, String source, long line, DataFormat format) {
    JsonNode labels = object.get(format.labelsField());
    if (labels == null || labels.isNull()) {
      throw new DataFileException(source, line, "no labels field '" + format.labelsField() + "' (fields: "
          + fieldNames(object) + "; name it with --labels-field, or name 0/1 label fields with --label-columns)");
    }
    if (labels.isTextual()) {
      return splitLabels(labels.asText(), format.labelDelimiter());
    }
    if (!labels.isArray()) {
      throw new DataFileException(source, line, "labels field '" + format.labelsField()
          + "' is neither a list of label names nor a string");
    }
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode label : labels) {
      if (!label.isValueNode() || label.isNull() || label.asText().isBlank()) {
        throw new DataFileException(source, line, "labels field '" + format.labelsField()
            + "' holds " + label + ", not a label name");
      }
      names.add(label.asText().strip());
    }
    return List.copyOf(names);
  }

  private static List<String> jsonLabelFlags(JsonNode object, String source, long line, List<String> columns) {
    List<String> labels = new ArrayList<>();
    for (String column : columns) {
      JsonNode flag = object.get(column);
      if (flag == null) {
        throw new DataFileException(source, line, "no label field '" + column + "'");
      }
      if (flag(flag.asText(), source, line, column)) {
        labels.add(column);
      }
    }
    return labels;
  }

  private static String jsonScalar(JsonNode object, String field) {
    JsonNode value = field == null ? null : object.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<LabelledFile.Row> readDelimited(Reader reader, String source, CSVFormat csv,
      DataFormat format) throws IOException {
    List<LabelledFile.Row> rows = new ArrayList<>();
    try (Records records = new Records(reader, csv, source)) {
      CSVRecord names = records.next();
      if (names == null) {
        throw new DataFileException(source, 0, "the file is empty; it needs a header row and at least one row");
      }
      Map<String, Integer> header = header(names, source);
      int textColumn = column(header, format.textField(), source, "text", "--text-field");
      int labelsColumn = format.columnLayout() ? -1
          : column(header, format.labelsField(), source, "labels", "--labels-field (or 0/1 columns: --label-columns)");
      int[] flagColumns = new int[format.labelColumns().size()];
      for (int i = 0; i < flagColumns.length; i++) {
        flagColumns[i] = column(header, format.labelColumns().get(i), source, "label", "--label-columns");
      }
      int idColumn = format.idField() == null ? -1 : column(header, format.idField(), source, "id", "--id-field");
      for (CSVRecord record = records.next(); record != null; record = records.next()) {
        long line = records.startLine();
        if (record.size() != header.size()) {
          throw new DataFileException(source, line, "has " + record.size() + " fields where the header has "
              + header.size() + " (an unquoted delimiter, or a quote left open?)");
        }
        String text = requireText(record.get(textColumn), source, line, format.textField());
        List<String> labels = new ArrayList<>();
        if (format.columnLayout()) {
          for (int i = 0; i < flagColumns.length; i++) {
            if (flag(record.get(flagColumns[i]), source, line, format.labelColumns().get(i))) {
              labels.add(format.labelColumns().get(i));
            }
          }
        } else {
          labels = splitLabels(record.get(labelsColumn), format.labelDelimiter());
        }
        rows.add(new LabelledFile.Row(line, rowId(idColumn < 0 ? null : record.get(idColumn), source, line), text,
            labels));
      }
    }
    return rows;
  }

  /** A CSV parser's records with the line each starts on; parse failures become {@link DataFileException}s. */
  private static final class Records implements AutoCloseable {
    private final CSVParser parser;
    private final Iterator<CSVRecord> iterator;
    private final String source;
    private long startLine;

    Records(Reader reader, CSVFormat csv, String source) throws IOException {
      this.source = source;
      try {
        this.parser = CSVParser.builder().setReader(reader).setFormat(csv).get();
      } catch (UncheckedIOException e) {
        throw parseError(source, 1, e);
      }
      this.iterator = parser.iterator();
    }

    /** The next record, or null at the end. */
    CSVRecord next() {
      startLine = parser.getCurrentLineNumber() + 1;
      try {
        return iterator.hasNext() ? iterator.next() : null;
      } catch (UncheckedIOException | IllegalStateException e) {
        throw parseError(source, startLine, e);
      }
    }

    /** The 1-based line the record {@link #next} returned last starts on. */
    long startLine() {
      return startLine;
    }

    @Override
    public void close() throws IOException {
      parser.close();
    }
  }

  private static Map<String, Integer> header(CSVRecord names, String source) {
    Map<String, Integer> header = new java.util.LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).strip();
      if (header.putIfAbsent(name, i) != null && !name.isEmpty()) {
        throw new DataFileException(source, 1, "the header names column '" + name + "' twice");
      }
    }
    return header;
  }

  private static int column(Map<String, Integer> header, String name, String source, String what, String option) {
    Integer index = header.get(name);
    if (index == null) {
      throw new DataFileException(source, 1, "no " + what + " column '" + name + "' in the header (columns: "
          + header.keySet() + "; choose with " + option + ")");
    }
    return index;
  }

  private static DataFileException parseError(String source, long line, RuntimeException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (cause instanceof CharacterCodingException) {
      return new DataFileException(source, 0, "not UTF-8 text");
    }
    return new DataFileException(source, line, "cannot be parsed: " + cause.getMessage());
  }

  private static String requireText(String text, String source, long line, String field) {
    if (text == null || text.isBlank()) {
      throw new DataFileException(source, line, "empty text in '" + field + "'");
    }
    return text;
  }

  private static List<String> splitLabels(String cell, String delimiter) {
    Set<String> names = new LinkedHashSet<>();
    int from = 0;
    while (from <= cell.length()) {
      int at = cell.indexOf(delimiter, from);
      int end = at < 0 ? cell.length() : at;
      String name = cell.substring(from, end).strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
      if (at < 0) {
        break;
      }
      from = at + delimiter.length();
    }
    return List.copyOf(names);
  }

  private static boolean flag(String value, String source, long line, String column) {
    switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "1", "1.0", "true" -> {
        return true;
      }
      case "0", "0.0", "false" -> {
        return false;
      }
      default -> throw new DataFileException(source, line, "label column '" + column + "' holds '" + value
          + "', not 0 or 1");
    }
  }

  private static String rowId(String id, String source, long line) {
    return id == null || id.isBlank() ? source + ":" + line : id.strip();
  }

  private static Reader utf8(InputStream in) {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    PushbackReader reader = new PushbackReader(new InputStreamReader(in, decoder), 1);
    try {
      int first = reader.read();
      if (first >= 0 && first != '\uFEFF') {
        reader.unread(first);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return reader;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
