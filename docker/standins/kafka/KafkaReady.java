import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** Exit 0 when the broker at --bootstrap-server answers a describeCluster within 10 s. */
public final class KafkaReady {
    public static void main(String[] args) throws Exception {
        String bootstrap = "localhost:9092";
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--bootstrap-server")) {
                bootstrap = args[i + 1];
            }
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("request.timeout.ms", "5000");
        props.put("default.api.timeout.ms", "8000");
        try (Admin admin = Admin.create(props)) {
            int nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
            System.out.println(bootstrap + " (id: 1 rack: null) -> " + nodes + " node(s)");
            System.exit(nodes > 0 ? 0 : 1);
        } catch (Exception e) {
            System.err.println(e);
            System.exit(1);
        }
    }
}
