namespace Panlong.Workflows.Tests;

/// <summary>Small definitions the tests publish.</summary>
public static class TestDefinitions
{
    public const string Simple = """
    {
      "key": "t-simple", "name": "测试流程",
      "states": [
        { "id": "Open", "name": "办理", "kind": "start", "assign": { "role": "WindowClerk", "level": "street" },
          "limit": { "workingHours": 4 }, "escalations": [ { "at": 1.5, "trigger": "Escalate" } ] },
        { "id": "Checking", "name": "核查", "kind": "task", "assign": { "role": "Approver", "unitVariable": "department" } },
        { "id": "Escalated", "name": "升级处理", "kind": "task", "assign": { "role": "Leader", "level": "district" } },
        { "id": "Done", "name": "办结", "kind": "end" }
      ],
      "transitions": [
        { "trigger": "Handle", "name": "办理完毕", "from": "Open", "to": "Checking", "roles": ["WindowClerk"], "guard": "switch", "effects": ["set-variables", "stamp"] },
        { "trigger": "Escalate", "name": "超时升级", "from": "Open", "to": "Escalated", "roles": ["System", "ShiftLead"] },
        { "trigger": "Pass", "name": "通过", "from": "Checking", "to": "Done", "roles": ["Approver"], "requiresComment": true },
        { "trigger": "Close", "name": "结束", "from": "Escalated", "to": "Done", "roles": ["Leader"] }
      ]
    }
    """;

    /// <summary>The same key with a different shape, for versioning.</summary>
    public const string SimpleV2 = """
    {
      "key": "t-simple", "name": "测试流程（第二版）",
      "states": [
        { "id": "Open", "name": "办理", "kind": "start", "assign": { "role": "WindowClerk", "level": "street" } },
        { "id": "Done", "name": "办结", "kind": "end" }
      ],
      "transitions": [
        { "trigger": "Finish", "name": "直接办结", "from": "Open", "to": "Done", "roles": ["WindowClerk"] }
      ]
    }
    """;

    public static string Parallel(string mode) => $$"""
    {
      "key": "t-parallel-{{mode}}", "name": "并联",
      "states": [
        { "id": "Sign", "name": "会签", "kind": "start", "parallel": { "mode": "{{mode}}", "role": "Approver", "unitsVariable": "departments" } },
        { "id": "Yes", "name": "同意", "kind": "end" },
        { "id": "No", "name": "不同意", "kind": "end" }
      ],
      "transitions": [
        { "trigger": "Approve", "name": "同意", "from": "Sign", "to": "Yes", "roles": ["Approver"], "vote": true },
        { "trigger": "Deny", "name": "不同意", "from": "Sign", "to": "No", "roles": ["Approver"] }
      ]
    }
    """;

    public static string Chain(int states) => Testing.SampleDefinitions.Chain(states);
}
