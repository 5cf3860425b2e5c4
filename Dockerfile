# exitwise: the service and its command line in one image.
#
#   docker build -t exitwise .                      # or: docker-compose up --build (see docker-compose.yml)
#   docker run --rm exitwise --help
#   docker run --rm -e EXITWISE_BOOTSTRAP_SERVERS=broker:9092 \
#       -e EXITWISE_SCHEMA_REGISTRY_URL=http://registry:8081 -p 8080:8080 exitwise        # = run
#
# Stage 1 builds the fat jar with Maven (tests are the CI's job, not the image's); stage 2 is a JRE with that jar.
# The jar carries DJL's CPU PyTorch natives for linux-x86_64 and the committed model, so the image needs no
# network at run time. On first start DJL unpacks the natives (about 445 MB) into DJL_CACHE_DIR: mount a volume
# there to start faster the next time.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY .mvn .mvn
COPY pom.xml ./
COPY schemas schemas
COPY model model
COPY streams-app streams-app
COPY bench/pom.xml bench/pom.xml
RUN mvn -B -q -ntp -DskipTests package -pl streams-app -am

FROM eclipse-temurin:17-jre
# jemalloc for the JVM's native allocations: with glibc's allocator PyTorch's freed memory fragments glibc's main
# arena and the resident set steps up by hundreds of MiB now and then; on jemalloc it stayed flat in the soaks
# (docs/performance.md, "Soak and chaos, from outside"). A fixed uid and gid (10001), so that Kubernetes'
# runAsUser and fsGroup can name them (deploy/kubernetes).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libjemalloc2 \
    && rm -rf /var/lib/apt/lists/* \
    && test -f /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 \
    && groupadd --system --gid 10001 exitwise \
    && useradd --system --uid 10001 --gid exitwise --home-dir /var/lib/exitwise exitwise \
    && mkdir -p /var/lib/exitwise/state /var/cache/exitwise/djl \
    && chown -R exitwise:exitwise /var/lib/exitwise /var/cache/exitwise
COPY --from=build /src/streams-app/target/exitwise.jar /app/exitwise.jar
USER exitwise
WORKDIR /var/lib/exitwise
# DJL's native cache as a system property: an EXITWISE_* variable would be read as an exitwise.* setting.
# OMP_WAIT_POLICY=PASSIVE: PyTorch's idle OpenMP threads sleep instead of spinning on cores that Kafka Streams
# needs too (docs/performance.md); libgomp reads it when it loads, so it must be in the environment.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -DDJL_CACHE_DIR=/var/cache/exitwise/djl" \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 \
    OMP_WAIT_POLICY=PASSIVE \
    EXITWISE_KAFKA_STATE_DIR=/var/lib/exitwise/state \
    EXITWISE_HTTP_PORT=8080
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/exitwise.jar"]
CMD ["run"]
