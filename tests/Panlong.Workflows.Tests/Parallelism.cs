// xUnit 2.9 starts only as many tests as it has threads (two on this machine) and a test that waits — on a portal, a
// process, a database — holds its place; four places keep both cores busy (docs/decisions/0086-test-database-templates.md).
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 4)]
