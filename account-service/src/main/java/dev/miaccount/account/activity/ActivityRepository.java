package dev.miaccount.account.activity;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ActivityRepository implements PanacheRepositoryBase<Activity, String> {

    /** Newest first, strictly before the cursor when there is one (index activity_by_account). */
    public Uni<List<Activity>> page(String accountId, Instant beforeAt, String beforeEventId, int size) {
        Sort newestFirst = Sort.descending("at", "eventId");
        var query = beforeAt == null ? find("accountId = ?1", newestFirst, accountId)
                : find("accountId = ?1 and (at < ?2 or (at = ?2 and eventId < ?3))", newestFirst, accountId, beforeAt,
                        beforeEventId);
        return query.page(Page.ofSize(size)).list();
    }
}
