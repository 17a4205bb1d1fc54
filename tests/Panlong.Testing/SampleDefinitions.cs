namespace Panlong.Testing;

/// <summary>Definitions built in code for tests and benchmarks.</summary>
public static class SampleDefinitions
{
    /// <summary>A chain of <paramref name="states"/> states with sub-states and limits, for validation speed.</summary>
    public static string Chain(int states)
    {
        var list = new List<string>();
        var transitions = new List<string>();
        for (var i = 0; i < states; i++)
        {
            var kind = i == 0 ? "start" : i == states - 1 ? "end" : "task";
            var work = kind == "end" ? "" : """, "assign": { "role": "Dispatcher", "level": "street" }, "limit": { "workingHours": 2 }""";
            list.Add($$"""{ "id": "S{{i}}", "name": "步骤{{i}}", "kind": "{{kind}}"{{work}} }""");
            if (i < states - 1)
            {
                transitions.Add($$"""{ "trigger": "Next{{i}}", "name": "下一步", "from": "S{{i}}", "to": "S{{i + 1}}", "roles": ["Dispatcher"] }""");
            }
            if (i > 1 && i < states - 1)
            {
                transitions.Add($$"""{ "trigger": "Back{{i}}", "name": "退回", "from": "S{{i}}", "to": "S{{i - 1}}", "roles": ["Dispatcher"], "requiresComment": true }""");
            }
        }
        return $$"""{ "key": "t-chain", "name": "长流程", "states": [ {{string.Join(",\n", list)}} ], "transitions": [ {{string.Join(",\n", transitions)}} ] }""";
    }
}
