using Microsoft.Extensions.DependencyInjection;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Workflows.Tests.Engine.Definitions;

public class DefinitionTests
{
    /// <summary>Every feature's contract; the registered validator takes them from the listeners (a test below checks it does); declared before the validator that reads them.</summary>
    private static readonly ProcessContract[] Contracts =
        [CaseLoopContract.Contract, ApprovalContract.SingleDepartment, ApprovalContract.Countersign, RectificationContract.Contract];

    private static readonly ProcessValidator Validator = BuildValidator();

    /// <summary>The engine's own guards and effects (the case loop's among them), plus the two the tests steer.</summary>
    private static ProcessValidator BuildValidator()
    {
        using var services = new ServiceCollection().AddPanlongWorkflows().BuildServiceProvider();
        return new ProcessValidator(Data.Identity.Roles.All,
            services.GetServices<IWorkflowGuard>().Select(g => g.Name).Append("switch"),
            services.GetServices<IWorkflowEffect>().Select(e => e.Name).Append("stamp"),
            Contracts);
    }

    private static IReadOnlyList<ValidationIssue> Issues(string json) => Validator.Validate(json).Issues;

    private static string Shipped(string key)
    {
        using var stream = typeof(DefinitionStore).Assembly.GetManifestResourceStream($"Panlong.Workflows.Seeds.{key}.json");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Edit(string json, string from, string to)
    {
        Assert.Contains(from, json, StringComparison.Ordinal);
        return json.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedAndTestDefinitions_AreValid()
    {
        Assert.Empty(Issues(TestDefinitions.Simple));
        Assert.Empty(Issues(TestDefinitions.Parallel("all")));
        Assert.Empty(Issues(TestDefinitions.Chain(30)));
        foreach (var name in typeof(DefinitionStore).Assembly.GetManifestResourceNames())
        {
            using var reader = new StreamReader(typeof(DefinitionStore).Assembly.GetManifestResourceStream(name)!);
            Assert.Empty(Issues(reader.ReadToEnd()));
        }
    }

    [Fact]
    public void EveryContract_NamesAShippedDefinition_ThatSatisfiesIt()
    {
        foreach (var contract in Contracts)
        {
            var model = ProcessModel.Parse(Shipped(contract.DefinitionKey));
            Assert.Equal(contract.DefinitionKey, model.Key);
            Assert.Empty(contract.Check(model));
        }
    }

    [Fact]
    public void CaseLoop_WithAContractedTriggerRenamed_IsRefused()
    {
        var json = Edit(Shipped(CaseLoopContract.Key), "\"trigger\": \"Dispatch\",", "\"trigger\": \"Assign\",");

        Assert.Equal([new ValidationIssue("MissingContractTrigger", CaseLoopContract.Dispatch)], Issues(json));
    }

    [Fact]
    public void CaseLoop_WithAContractedStateDropped_IsRefused()
    {
        // Renamed everywhere, so the graph is still whole: only the contract notices.
        var json = Shipped(CaseLoopContract.Key).Replace("\"Checking\"", "\"Inspecting\"", StringComparison.Ordinal);

        Assert.Equal([new ValidationIssue("MissingContractState", CaseLoopContract.Checking)], Issues(json));
    }

    [Fact]
    public void AContract_BindsOnlyItsOwnKey()
    {
        var json = Edit(Shipped(CaseLoopContract.Key), "\"key\": \"case-loop\"", "\"key\": \"case-loop-trial\"");

        Assert.Empty(Issues(Edit(json, "\"trigger\": \"Dispatch\",", "\"trigger\": \"Assign\",")));
    }

    [Fact]
    public void AnUnreachableState_IsNamed()
    {
        var json = Edit(TestDefinitions.Simple, """{ "id": "Done", "name": "办结", "kind": "end" }""",
            """{ "id": "Done", "name": "办结", "kind": "end" }, { "id": "Orphan", "name": "孤立", "kind": "wait" }""");

        Assert.Contains(new ValidationIssue("UnreachableState", "Orphan"), Issues(json));
    }

    [Fact]
    public void AStateWithNoWayOut_IsNamed()
    {
        var json = Edit(TestDefinitions.Simple, """{ "trigger": "Close", "name": "结束", "from": "Escalated", "to": "Done", "roles": ["Leader"] }""",
            """{ "trigger": "Close", "name": "结束", "from": "Checking", "to": "Done", "roles": ["Leader"] }""");

        Assert.Contains(new ValidationIssue("NoWayOut", "Escalated"), Issues(json));
    }

    [Fact]
    public void UnknownRolesGuardsAndEffects_AreNamedWithTheirTransition()
    {
        var json = Edit(TestDefinitions.Simple, "\"roles\": [\"WindowClerk\"], \"guard\": \"switch\", \"effects\": [\"set-variables\", \"stamp\"]",
            "\"roles\": [\"Janitor\"], \"guard\": \"moon-phase\", \"effects\": [\"teleport\"]");

        var issues = Issues(json);

        Assert.Contains(new ValidationIssue("UnknownRole", "Open --Handle--> Checking", "Janitor"), issues);
        Assert.Contains(new ValidationIssue("UnknownGuard", "Open --Handle--> Checking", "moon-phase"), issues);
        Assert.Contains(new ValidationIssue("UnknownEffect", "Open --Handle--> Checking", "teleport"), issues);
    }

    [Fact]
    public void ADuplicateTrigger_IsNamed()
    {
        var json = Edit(TestDefinitions.Simple, "{ \"trigger\": \"Escalate\", \"name\": \"超时升级\", \"from\": \"Open\", \"to\": \"Escalated\"",
            "{ \"trigger\": \"Handle\", \"name\": \"又一个办理\", \"from\": \"Open\", \"to\": \"Done\", \"roles\": [\"WindowClerk\"] }, { \"trigger\": \"Escalate\", \"name\": \"超时升级\", \"from\": \"Open\", \"to\": \"Escalated\"");

        Assert.Contains(new ValidationIssue("DuplicateTrigger", "Open", "Handle"), Issues(json));
    }

    [Fact]
    public void BrokenJson_SaysWhere()
    {
        var issue = Assert.Single(Issues("{ \"key\": \"x\",\n  \"states\": [ oops ] }"));

        Assert.Equal("InvalidJson", issue.Code);
        Assert.Equal("2", issue.Args[0]);
    }

    [Fact]
    public void StructuralMistakes_AreEachReported()
    {
        Assert.Contains(new ValidationIssue("UnknownToState", "Open --Handle--> Nowhere", "Nowhere"),
            Issues(Edit(TestDefinitions.Simple, "\"to\": \"Checking\"", "\"to\": \"Nowhere\"")));
        Assert.Contains(new ValidationIssue("StartStateCount", "0"),
            Issues(Edit(TestDefinitions.Simple, "\"kind\": \"start\"", "\"kind\": \"task\"")));
        Assert.Contains(new ValidationIssue("TaskWithoutAssignee", "Checking"),
            Issues(Edit(TestDefinitions.Simple, """, "assign": { "role": "Approver", "unitVariable": "department" }""", "")));
        Assert.Contains(new ValidationIssue("EscalationNotForSystem", "Open", "Escalate"),
            Issues(Edit(TestDefinitions.Simple, "\"roles\": [\"System\", \"ShiftLead\"]", "\"roles\": [\"ShiftLead\"]")));
        Assert.Contains(new ValidationIssue("VoteOutsideParallelState", "Checking --Pass--> Done"),
            Issues(Edit(TestDefinitions.Simple, "\"requiresComment\": true }", "\"requiresComment\": true, \"vote\": true }")));
    }

    [Fact]
    public void Diagram_DrawsEveryTransition_AndMarksTheCurrentState()
    {
        var model = ProcessModel.Parse(TestDefinitions.Simple);

        var diagram = MermaidDiagram.Draw(model, "Checking");

        Assert.StartsWith("stateDiagram-v2", diagram, StringComparison.Ordinal);
        Assert.Contains("[*] --> Open", diagram, StringComparison.Ordinal);
        Assert.Contains("Open --> Checking : 办理完毕", diagram, StringComparison.Ordinal);
        Assert.Contains("Open : 办理 ≤4工时", diagram, StringComparison.Ordinal);
        Assert.Contains("Done --> [*]", diagram, StringComparison.Ordinal);
        Assert.Contains("class Checking current", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("class Open current", diagram, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagram_NameWithMarkup_IsDrawnAsText()
    {
        // Mermaid reads markup and entities in labels; a name typed by an administrator must not become HTML (issue 15).
        var model = ProcessModel.Parse(TestDefinitions.Simple
            .Replace("\"name\": \"办理\"", "\"name\": \"<img src=x onerror=alert(1)>\"", StringComparison.Ordinal)
            .Replace("\"name\": \"办理完毕\"", "\"name\": \"&lt;b&gt; #60; \\\"quoted\\\"\"", StringComparison.Ordinal));

        var diagram = MermaidDiagram.Draw(model);

        Assert.Contains("Open : ＜img src=x onerror=alert(1)＞ ≤4工时", diagram, StringComparison.Ordinal);
        Assert.Contains("Open --> Checking : ＆lt；b＆gt； ＃60； ＂quoted＂", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("<", diagram, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_MakesVersions_AndRefusesInvalidDefinitions()
    {
        await using var engine = await TestEngine.StartAsync();

        var first = await engine.Definitions.PublishAsync(TestDefinitions.Simple, "admin");
        var same = await engine.Definitions.PublishAsync(TestDefinitions.Simple, "admin");
        var second = await engine.Definitions.PublishAsync(TestDefinitions.SimpleV2, "admin");
        var invalid = await engine.Definitions.PublishAsync(TestDefinitions.SimpleV2.Replace("[\"WindowClerk\"]", "[\"Janitor\"]", StringComparison.Ordinal), "admin");

        Assert.Equal((true, 1), (first.Ok, first.Version));
        Assert.True(same.Unchanged);
        Assert.Equal(2, second.Version);
        Assert.False(invalid.Ok);
        Assert.Equal(2, (await engine.Definitions.LatestAsync("t-simple"))!.Version);
    }

    [Fact]
    public async Task Publishing_AnApprovalVersionWithoutAListenersTrigger_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var renamed = Edit(Shipped(ApprovalContract.CountersignKey), "\"trigger\": \"Deny\",", "\"trigger\": \"Refuse\",");

        var result = await engine.Definitions.PublishAsync(renamed, "admin");

        Assert.False(result.Ok);
        Assert.Equal([new ValidationIssue("MissingContractTrigger", ApprovalContract.Deny)], result.Issues);
        Assert.Equal(1, (await engine.Definitions.LatestAsync(ApprovalContract.CountersignKey))!.Version);
    }

    [Fact]
    public async Task ARunningInstance_KeepsItsVersion_AfterANewOneIsPublished()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishAsync(TestDefinitions.Simple);
        var old = await engine.Runner.StartAsync("t-simple", new WorkflowSubject("test", "1", "530103001001"), TestEngine.Resident);

        await engine.PublishAsync(TestDefinitions.SimpleV2);
        var fresh = await engine.Runner.StartAsync("t-simple", new WorkflowSubject("test", "2", "530103001001"), TestEngine.Resident);
        var clerk = TestEngine.ClerkOf(TestEngine.Tuodong);

        Assert.Equal((1, 2), (old.DefinitionVersion, fresh.DefinitionVersion));
        Assert.Equal(Refusal.NotPermittedInState, (await engine.Runner.FireAsync(old.Id, old.Version, "Finish", clerk)).Refusal);
        var handled = await engine.Runner.FireAsync(old.Id, old.Version, "Handle", clerk, new FireInput(Data: new Dictionary<string, object?> { ["department"] = TestEngine.CivilAffairs }));
        Assert.Equal("Checking", handled.State);
        Assert.Equal("Done", (await engine.Runner.FireAsync(fresh.Id, fresh.Version, "Finish", clerk)).State);
    }
}
