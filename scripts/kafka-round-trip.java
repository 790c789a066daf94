// Health check for the Kafka test server (scripts/services.sh): produces one record with a fresh value to the
// topic doppel-health (created when missing), reads it back at the offset the broker acknowledged, and exits 0
// only when the same value came back. It uses the broker's own client library (kafka-clients, from the same
// cached jars), so the check needs neither node_modules nor a second download. No consumer group is used.
//
//   java -cp '<kafka>/libs/*:<kafka>/health' KafkaRoundTrip 127.0.0.1:9092
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

class KafkaRoundTrip {
  private static final String TOPIC = "doppel-health";

  public static void main(String[] args) throws Exception {
    String servers = args.length > 0 ? args[0] : "127.0.0.1:9092";
    Properties common = new Properties();
    common.put("bootstrap.servers", servers);
    common.put("request.timeout.ms", "5000");
    common.put("default.api.timeout.ms", "8000");
    try (Admin admin = Admin.create(common)) {
      if (!admin.listTopics().names().get().contains(TOPIC)) {
        try {
          admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException error) {
          if (!(error.getCause() instanceof TopicExistsException)) throw error;
        }
      }
    }
    String value = UUID.randomUUID().toString();
    Properties producerProps = (Properties) common.clone();
    producerProps.put("max.block.ms", "8000");
    producerProps.put("delivery.timeout.ms", "8000");
    producerProps.put("linger.ms", "0");
    RecordMetadata written;
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      written = producer.send(new ProducerRecord<>(TOPIC, value, value)).get();
    }
    TopicPartition partition = new TopicPartition(TOPIC, written.partition());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(common, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, written.offset());
      long deadline = System.currentTimeMillis() + 8000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.offset() == written.offset() && value.equals(record.value())) {
            System.out.println("round trip ok at " + partition + "@" + written.offset());
            return;
          }
        }
      }
    }
    System.err.println("the produced record did not come back");
    System.exit(1);
  }
}
