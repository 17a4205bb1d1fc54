// xUnit 2.9 starts only as many tests as it has threads (two on this machine) and a test that waits — on a portal, a
// process, a database — holds its place; four places keep both cores busy (docs/decisions/0086-test-database-templates.md).
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 4)]
// The longest classes of the last whole run start first, not wherever xUnit's order puts them (docs/decisions/0104-slowest-collections-first.md).
[assembly: Xunit.TestCollectionOrderer(Panlong.TestOrder.SlowestFirst.TypeName, "Panlong.Workflows.Tests")]
[assembly: Panlong.TestOrder.StartFirst("CaseGeneratorTests", "DueWorkPropertyTests", "RunningYearTests", "IndicatorStoreTests",
    "DueWorkExamplesTests", "DemoDataTests", "ActivityDemoTests")]
