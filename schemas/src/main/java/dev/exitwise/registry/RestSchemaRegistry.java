package dev.exitwise.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API ({@code application/vnd.schemaregistry.v1+json}) over the
 * JDK's {@link HttpClient}: register, look up, fetch by id. It does not cache; {@link SchemaRegistries#open}
 * wraps it in a {@link CachingSchemaRegistry}. Unreachable registries, 5xx, 408 and 429 are retried with exponential
 * backoff, rotating through the configured URLs; everything else fails at once with a precise exception.
 */
public final class RestSchemaRegistry implements SchemaRegistry {
  /** The content type of requests. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistry.class);

  private final RegistryClientSettings settings;
  private final HttpClient http;

  /** A registry answer: its status and JSON body ({@link MissingNode} if the body is not JSON). */
  private record Answer(int status, JsonNode body, String rawBody, String request) {
    boolean ok() {
      return status / 100 == 2;
    }

    int errorCode() {
      return body.path("error_code").asInt(status);
    }

    String errorMessage() {
      String message = body.path("message").asText("");
      String text = message.isEmpty() ? rawBody : message;
      return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
  }

  /**
   * Creates a client; it opens no connection until the first request.
   *
   * @throws IllegalArgumentException if the settings name a {@code mock://} registry
   */
  public RestSchemaRegistry(RegistryClientSettings settings) {
    if (settings.isMock()) {
      throw new IllegalArgumentException("mock:// URLs need MockSchemaRegistry, not a REST client");
    }
    this.settings = settings;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL);
    settings.tls().ifPresent(tls -> builder.sslContext(tls.context()).sslParameters(tls.parameters()));
    settings.proxy().ifPresent(proxy -> builder.proxy(ProxySelector.of(proxy)));
    this.http = builder.build();
  }

  @Override
  public int register(String subject, Schema schema) {
    Answer answer = send("POST", subjectPath(subject) + "/versions", schemaRequest(schema));
    if (answer.status() == 409) {
      throw new IncompatibleSchemaException(subject, answer.errorMessage());
    }
    int id = requireId(requireOk(answer), answer);
    LOG.info("Registered schema {} under subject {} with id {}", schema.getFullName(), subject, id);
    return id;
  }

  @Override
  public int idOf(String subject, Schema schema) {
    Answer answer = send("POST", subjectPath(subject), schemaRequest(schema));
    if (answer.status() == 404) {
      throw new SchemaNotRegisteredException(subject, answer.errorCode() == 40401 ? "subject not found"
          : "schema not found");
    }
    return requireId(requireOk(answer), answer);
  }

  @Override
  public Schema schemaById(int id) {
    Answer answer = send("GET", "/schemas/ids/" + id, null);
    if (answer.status() == 404) {
      throw new UnknownSchemaIdException(id, "HTTP 404 from " + answer.request());
    }
    return avroSchema(requireOk(answer), answer, "schema id " + id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    Answer answer = send("GET", subjectPath(subject) + "/versions/latest", null);
    if (answer.status() == 404) {
      throw new SchemaNotRegisteredException(subject, "subject not found");
    }
    JsonNode body = requireOk(answer);
    return new RegisteredSchema(requireId(body, answer), avroSchema(body, answer, "the latest schema of " + subject));
  }

  /** The Avro schema in an answer's {@code schema} field; {@code what} names it in errors. */
  private static Schema avroSchema(JsonNode body, Answer answer, String what) {
    JsonNode schemaText = body.path("schema");
    String schemaType = body.path("schemaType").asText("AVRO");
    if (!schemaText.isTextual() || !"AVRO".equals(schemaType)) {
      throw new SchemaRegistryException(what + " is not an Avro schema (" + schemaType + ") at " + answer.request());
    }
    try {
      return new Schema.Parser().parse(schemaText.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(what + " does not parse as Avro: " + e.getMessage(), e);
    }
  }

  private static String subjectPath(String subject) {
    return "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String schemaRequest(Schema schema) {
    try {
      return JSON.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON string", e);
    }
  }

  private static JsonNode requireOk(Answer answer) {
    if (answer.status() == 401 || answer.status() == 403) {
      throw new RegistryAuthException(answer.status(), answer.request());
    }
    if (!answer.ok()) {
      throw new SchemaRegistryException("registry answered HTTP " + answer.status() + " (error "
          + answer.errorCode() + ") to " + answer.request() + ": " + answer.errorMessage());
    }
    return answer.body();
  }

  private static int requireId(JsonNode body, Answer answer) {
    JsonNode id = body.path("id");
    if (!id.canConvertToInt()) {
      throw new SchemaRegistryException("registry answer to " + answer.request() + " has no id: "
          + answer.errorMessage());
    }
    return id.asInt();
  }

  /** Sends one request, retrying on connection failures and 5xx; returns the first other answer. */
  private Answer send(String method, String path, String body) {
    int attempts = settings.retry().maxRetries() + 1;
    String lastFailure = "";
    Exception lastException = null;
    URI url = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      url = settings.urls().get((attempt - 1) % settings.urls().size());
      if (attempt > 1) {
        long waitMillis = settings.retry().backoffMillis(attempt - 1);
        LOG.warn("Schema registry request {} {} failed ({}); retry {} of {} in {} ms", method, path, lastFailure,
            attempt - 1, attempts - 1, waitMillis);
        sleep(waitMillis);
      }
      String request = method + " " + url + path;
      try {
        HttpResponse<String> response = http.send(httpRequest(url, method, path, body),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Answer answer = new Answer(response.statusCode(), parseJson(response.body()), response.body(), request);
        if (!retryable(answer.status())) {
          return answer;
        }
        lastFailure = "HTTP " + answer.status() + ": " + answer.errorMessage();
        lastException = null;
      } catch (IOException e) {
        lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        lastException = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException("interrupted during schema registry request " + request, e);
      }
    }
    throw new RegistryUnavailableException("schema registry unreachable at " + url + " (" + lastFailure
        + ") after " + attempts + " attempts", lastException);
  }

  /** Server errors, 408 Request Timeout and 429 Too Many Requests may pass; everything else will not. */
  private static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  private HttpRequest httpRequest(URI url, String method, String path, String body) {
    String base = url.toString().replaceAll("/+$", "");
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(settings.requestTimeout())
        .header("Accept", ACCEPT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      builder.header("Content-Type", CONTENT_TYPE);
    }
    settings.credentials().authorizationHeader().ifPresent(value -> builder.header("Authorization", value));
    return builder.build();
  }

  private static JsonNode parseJson(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node == null ? MissingNode.getInstance() : node;
    } catch (JsonProcessingException e) {
      // Proxies and load balancers answer HTML; the raw text goes into the error message instead.
      return MissingNode.getInstance();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException("interrupted while waiting to retry the schema registry", e);
    }
  }
}
