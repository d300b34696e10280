package dev.miaccount.account.activity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One thing that happened to an account's security, from one event. */
@Entity
@Table(name = "activity")
public class Activity {

    @Id
    @Column(name = "event_id")
    private String eventId;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(nullable = false)
    private String type;

    @Column(nullable = false)
    private Instant at;

    @Column(name = "device_id")
    private String deviceId;

    private String model;

    @Column(name = "flow_id")
    private String flowId;

    protected Activity() {
    }

    public String getEventId() {
        return eventId;
    }

    public String getType() {
        return type;
    }

    public Instant getAt() {
        return at;
    }

    public String getDeviceId() {
        return deviceId;
    }

    public String getModel() {
        return model;
    }

    public String getFlowId() {
        return flowId;
    }
}
