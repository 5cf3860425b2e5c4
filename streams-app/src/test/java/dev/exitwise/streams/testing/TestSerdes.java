package dev.exitwise.streams.testing;

import dev.exitwise.streams.TopologySerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** The serdes every streams-app test uses. The one place to switch to the real registry serde. */
public final class TestSerdes {
  private TestSerdes() {}

  /** A serde factory for the topology. */
  public static TopologySerdes.Factory factory() {
    return new TopologySerdes.Factory() {
      @Override
      public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return new WireFormatTestSerde<>(type);
      }
    };
  }

  /** The topology's serdes. */
  public static TopologySerdes topologySerdes() {
    return TopologySerdes.from(factory());
  }
}
