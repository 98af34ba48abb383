// Package outbox publishes events reliably from a service that keeps its
// state in SQL: the transactional outbox, its relay, and the inbox that makes
// consumption exactly once.
//
// Writing the state and then publishing (or the other way round) loses
// events or publishes events that never happened, whenever the process dies
// between the two. Instead, [Outbox.Add] inserts the events into an outbox
// table in the same transaction as the state change, so both commit or
// neither does, and a [Relay] later publishes the committed rows to the
// broker.
//
// # How the relay picks rows
//
// The classic relay keeps a cursor, "publish rows with id > last", and
// skips rows for good: identity values are taken at insert but become visible
// at commit, so a transaction that took id 7 and commits after id 8 was
// relayed is never seen. This relay keeps no cursor. It claims rows: in one
// short transaction it selects the oldest unclaimed rows (on PostgreSQL with
// FOR UPDATE SKIP LOCKED, so that several relays share the work without
// waiting for each other) and stamps them with a lease expiry; then it
// publishes them in id order and deletes each row it published. A row that
// commits late is simply unclaimed when the relay next looks, whatever its
// id. A relay that dies after publishing and before deleting leaves its rows
// claimed; when the lease runs out another relay claims and publishes them
// again. Nothing is lost, some events arrive twice, and consumers drop the
// duplicates by the CloudEvents (source, id) pair, for example with an
// [Inbox] in their own transaction.
//
// The alternative, a cursor on the PostgreSQL transaction id (xid8, with
// pg_snapshot_xmin), keeps rows in place and preserves commit order, but it
// exists only on PostgreSQL, stalls behind any long transaction in the
// database, and breaks when xids restart after a dump and restore. Claiming
// works the same on SQLite and PostgreSQL, lets relays run on every instance
// of a service, and keeps the table as small as the backlog. What it gives
// up is a global order: rows are published in id order within a batch, a
// late row comes after rows with higher ids, and with several relays batches
// interleave. Consumers that need an order per entity must order by a
// version in the data (or use the event store's stream versions), which
// at-least-once delivery requires anyway.
//
// A relay bounds every publish by its own timeout, whatever deadline its
// context has: an acknowledgement lost with the broker connection would
// otherwise hold the relay, and the rows it claimed, until that deadline.
//
// A row whose publish fails is not released first again on the next pass,
// where it would hold back every row behind it: it is set aside for a delay
// that doubles with each failure (from PollInterval up to MaxRetryDelay),
// while the relays publish the rows behind it. After MaxAttempts failures it
// is parked: moved to the table <Table>_parked with the attempt count and the
// last error, and reported as a *ParkedError. Operators list parked rows with
// [Outbox.Parked] and put them back with [Outbox.ReplayParked] (or the
// command reference/events/cmd/outboxctl).
//
// The [Inbox] stamps each entry with the time the event was handled, and
// [Inbox.Expire] deletes entries older than a retention that must outlive
// every redelivery of the same event.
//
// The zero [Settings] use the table "outbox", batches of 100 rows, a lease
// of 30 seconds, a poll interval of one second when the outbox is empty, a
// publish timeout of 10 seconds, 20 attempts before a row is parked and
// retry delays of at most a minute.
package outbox
