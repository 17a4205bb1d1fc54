// Three collections run side by side — the shared portal's flows in two halves and the classes with portals of their own —
// and xUnit 2.9 starts only as many tests as it has places (docs/decisions/0104-slowest-collections-first.md).
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 3)]
