package dev.exitwise.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads and writes one generated Avro record class as a plain JSON object whose members are the record's fields,
 * by the same names. The mapping follows the Avro schema:
 *
 * <ul>
 *   <li>strings, booleans, numbers, arrays and maps as their JSON counterparts; a map is a JSON object;
 *   <li>a nullable field ({@code ["null", T]}) as {@code null} or the plain value, never Avro's {@code {"T": ...}}
 *       wrapper;
 *   <li>a {@code timestamp-millis} as epoch milliseconds; reading also takes an ISO-8601 instant
 *       ({@code "2026-12-07T10:15:30Z"});
 *   <li>a float or double that is not finite as the string {@code "NaN"}, {@code "Infinity"} or
 *       {@code "-Infinity"}, because JSON has no such numbers.
 * </ul>
 *
 * <p>Reading is strict about what the schema requires and lenient about the rest: a missing field, or {@code null},
 * takes the schema's default where it has one and is an error where it has none; a value of the wrong JSON type is
 * an error (no number is read from a string, no integer from {@code 1.5}); members the schema does not know are
 * ignored, as an Avro reader ignores a writer's extra fields. Duplicate members and anything after the object are
 * errors. Every error is a {@link MalformedJsonException} naming the record type and the field.
 *
 * @param <T> the generated record class
 */
public final class JsonRecordCodec<T extends SpecificRecord> {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final String NAN = "NaN";
  private static final String POSITIVE_INFINITY = "Infinity";
  private static final String NEGATIVE_INFINITY = "-Infinity";

  private final Class<T> type;
  private final Schema schema;
  private final SpecificData data;

  private JsonRecordCodec(Class<T> type) {
    this.type = type;
    this.data = SpecificData.getForClass(type);
    this.schema = data.getSchema(type);
    checkSupported(schema, new HashSet<>());
  }

  /**
   * The codec of a generated record class.
   *
   * @throws IllegalArgumentException if its schema uses a type this mapping does not cover (bytes, fixed, or a
   *     union other than {@code ["null", T]})
   */
  public static <T extends SpecificRecord> JsonRecordCodec<T> of(Class<T> type) {
    return new JsonRecordCodec<>(type);
  }

  /** The record class. */
  public Class<T> type() {
    return type;
  }

  /**
   * Reads a record from UTF-8 JSON.
   *
   * @throws MalformedJsonException if the bytes are not a JSON object of this record type
   */
  public T decode(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw malformed("not JSON: " + e.getOriginalMessage() + describe(e), e);
    } catch (IOException e) {
      throw malformed("not JSON: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw malformed("no JSON value (the record is empty or only white space)");
    }
    if (!root.isObject()) {
      throw malformed("expected a JSON object, got " + kind(root));
    }
    return type.cast(record(schema, root, ""));
  }

  /** Writes a record as a compact UTF-8 JSON object. */
  public byte[] encode(T record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      write(json, schema, record);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  private Object record(Schema recordSchema, JsonNode node, String path) {
    SpecificRecord record = (SpecificRecord) data.newRecord(null, recordSchema);
    for (Schema.Field field : recordSchema.getFields()) {
      JsonNode value = node.get(field.name());
      String at = path + field.name();
      boolean absent = value == null || (value.isNull() && !acceptsNull(field.schema()));
      if (absent && field.hasDefaultValue()) {
        // a copy: Avro caches one default instance per field, and a record may be changed after decoding
        record.put(field.pos(), data.deepCopy(field.schema(), data.getDefaultValue(field)));
      } else if (value == null) {
        throw malformed("missing field '" + at + "' (" + describe(field.schema()) + ", required)");
      } else {
        record.put(field.pos(), value(field.schema(), value, at));
      }
    }
    return record;
  }

  private Object value(Schema valueSchema, JsonNode node, String at) {
    switch (valueSchema.getType()) {
      case UNION:
        return node.isNull() ? null : value(nonNullBranch(valueSchema), node, at);
      case RECORD:
        expect(node.isObject(), valueSchema, node, at);
        return record(valueSchema, node, at + ".");
      case ARRAY:
        expect(node.isArray(), valueSchema, node, at);
        List<Object> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          items.add(value(valueSchema.getElementType(), node.get(i), at + "[" + i + "]"));
        }
        return items;
      case MAP:
        expect(node.isObject(), valueSchema, node, at);
        Map<String, Object> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
          entries.put(entry.getKey(), value(valueSchema.getValueType(), entry.getValue(), at + "." + entry.getKey()));
        }
        return entries;
      case STRING:
        expect(node.isTextual(), valueSchema, node, at);
        return node.textValue();
      case ENUM:
        expect(node.isTextual() && valueSchema.getEnumSymbols().contains(node.textValue()), valueSchema, node, at);
        return data.createEnum(node.textValue(), valueSchema);
      case BOOLEAN:
        expect(node.isBoolean(), valueSchema, node, at);
        return node.booleanValue();
      case INT:
        expect(node.isIntegralNumber() && node.canConvertToInt(), valueSchema, node, at);
        return node.intValue();
      case LONG:
        return isTimestampMillis(valueSchema) ? instant(node, valueSchema, at) : longValue(node, valueSchema, at);
      case FLOAT:
        return (float) floatingPoint(node, valueSchema, at);
      case DOUBLE:
        return floatingPoint(node, valueSchema, at);
      case NULL:
        expect(node.isNull(), valueSchema, node, at);
        return null;
      default:
        throw new IllegalStateException("unsupported schema type " + valueSchema.getType() + " at " + at);
    }
  }

  private Instant instant(JsonNode node, Schema valueSchema, String at) {
    if (node.isTextual()) {
      try {
        return Instant.parse(node.textValue());
      } catch (DateTimeParseException e) {
        throw malformed("field '" + at + "': expected " + describe(valueSchema) + ", got the string '"
            + cut(node.textValue()) + "'", e);
      }
    }
    return Instant.ofEpochMilli(longValue(node, valueSchema, at));
  }

  private long longValue(JsonNode node, Schema valueSchema, String at) {
    expect(node.isIntegralNumber() && node.canConvertToLong(), valueSchema, node, at);
    return node.longValue();
  }

  private double floatingPoint(JsonNode node, Schema valueSchema, String at) {
    if (node.isTextual()) {
      switch (node.textValue()) {
        case NAN:
          return Double.NaN;
        case POSITIVE_INFINITY:
          return Double.POSITIVE_INFINITY;
        case NEGATIVE_INFINITY:
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    expect(node.isNumber(), valueSchema, node, at);
    return node.doubleValue();
  }

  private void write(JsonGenerator json, Schema valueSchema, Object value) throws IOException {
    switch (valueSchema.getType()) {
      case UNION -> {
        if (value == null) {
          json.writeNull();
        } else {
          write(json, nonNullBranch(valueSchema), value);
        }
      }
      case RECORD -> {
        SpecificRecord record = (SpecificRecord) value;
        json.writeStartObject();
        for (Schema.Field field : valueSchema.getFields()) {
          json.writeFieldName(field.name());
          write(json, field.schema(), record.get(field.pos()));
        }
        json.writeEndObject();
      }
      case ARRAY -> {
        json.writeStartArray();
        for (Object item : (Collection<?>) value) {
          write(json, valueSchema.getElementType(), item);
        }
        json.writeEndArray();
      }
      case MAP -> {
        json.writeStartObject();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          json.writeFieldName(entry.getKey().toString());
          write(json, valueSchema.getValueType(), entry.getValue());
        }
        json.writeEndObject();
      }
      case STRING, ENUM -> json.writeString(value.toString());
      case BOOLEAN -> json.writeBoolean((Boolean) value);
      case INT -> json.writeNumber((Integer) value);
      case LONG -> json.writeNumber(value instanceof Instant instant ? instant.toEpochMilli() : (Long) value);
      case FLOAT -> writeFloatingPoint(json, ((Float) value).doubleValue(), Float.toString((Float) value));
      case DOUBLE -> writeFloatingPoint(json, (Double) value, Double.toString((Double) value));
      case NULL -> json.writeNull();
      default -> throw new IllegalStateException("unsupported schema type " + valueSchema.getType());
    }
  }

  /** Writes a finite number as a JSON number in Java's shortest form, anything else as its name in a string. */
  private static void writeFloatingPoint(JsonGenerator json, double value, String text) throws IOException {
    if (Double.isFinite(value)) {
      json.writeNumber(text);
    } else {
      json.writeString(text);
    }
  }

  private void expect(boolean matches, Schema valueSchema, JsonNode node, String at) {
    if (!matches) {
      throw malformed("field '" + at + "': expected " + describe(valueSchema) + ", got " + kind(node));
    }
  }

  private MalformedJsonException malformed(String problem) {
    return new MalformedJsonException(type.getSimpleName() + " JSON: " + problem);
  }

  private MalformedJsonException malformed(String problem, Throwable cause) {
    return new MalformedJsonException(type.getSimpleName() + " JSON: " + problem, cause);
  }

  private static String describe(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  /** What a JSON value of {@code valueSchema} looks like, for error messages. */
  private static String describe(Schema valueSchema) {
    return switch (valueSchema.getType()) {
      case UNION -> describe(nonNullBranch(valueSchema)) + " or null";
      case RECORD -> "an object";
      case ARRAY -> "an array";
      case MAP -> "an object of " + describe(valueSchema.getValueType()) + " values";
      case STRING -> "a string";
      case ENUM -> "one of " + valueSchema.getEnumSymbols();
      case BOOLEAN -> "true or false";
      case INT -> "a 32-bit integer";
      case LONG -> isTimestampMillis(valueSchema)
          ? "epoch milliseconds or an ISO-8601 instant" : "a 64-bit integer";
      case FLOAT, DOUBLE -> "a number";
      case NULL -> "null";
      default -> valueSchema.getType().getName();
    };
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "the number " + node.asText();
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String cut(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  private static boolean acceptsNull(Schema valueSchema) {
    return valueSchema.getType() == Schema.Type.NULL
        || valueSchema.getType() == Schema.Type.UNION && valueSchema.getTypes().stream()
            .anyMatch(branch -> branch.getType() == Schema.Type.NULL);
  }

  private static boolean isTimestampMillis(Schema valueSchema) {
    return valueSchema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
  }

  private static Schema nonNullBranch(Schema union) {
    return union.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst()
        .orElseThrow();
  }

  /** Fails on a schema this mapping does not cover, once, when the codec is made. */
  private static void checkSupported(Schema valueSchema, Set<String> seen) {
    switch (valueSchema.getType()) {
      case RECORD -> {
        if (seen.add(valueSchema.getFullName())) {
          valueSchema.getFields().forEach(field -> checkSupported(field.schema(), seen));
        }
      }
      case UNION -> {
        List<Schema> branches = valueSchema.getTypes();
        if (branches.size() != 2 || !acceptsNull(valueSchema)) {
          throw new IllegalArgumentException("only [\"null\", T] unions map to JSON, not " + valueSchema);
        }
        checkSupported(nonNullBranch(valueSchema), seen);
      }
      case ARRAY -> checkSupported(valueSchema.getElementType(), seen);
      case MAP -> checkSupported(valueSchema.getValueType(), seen);
      case BYTES, FIXED -> throw new IllegalArgumentException(valueSchema.getType() + " does not map to JSON");
      default -> {
      }
    }
  }
}
