using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Cases;

/// <summary>
/// The states and triggers of CaseLoop.json that code names: the listener's projection, the appraisal facts, the level
/// rules, the demo generator and the case page. Nothing else types them; an administrator may change the rest of the
/// loop, but a version without one of these is refused (docs/workflows.md, "Contracts").
/// </summary>
public static class CaseLoopContract
{
    public const string Key = "case-loop";

    // States
    public const string Accepting = "Accepting";
    public const string Verifying = "Verifying";
    public const string Filing = "Filing";
    public const string Dispatching = "Dispatching";
    public const string Handling = "Handling";
    public const string Assisting = "Assisting";
    public const string Checking = "Checking";
    public const string Closing = "Closing";
    public const string VoidReview = "VoidReview";
    public const string ExtensionReview = "ExtensionReview";
    public const string ReturnReview = "ReturnReview";
    public const string Closed = "Closed";
    public const string NotFiled = "NotFiled";
    public const string Voided = "Voided";
    public const string Forwarded = "Forwarded";

    // Triggers
    public const string Accept = "Accept";
    public const string ConfirmSelfHandled = "ConfirmSelfHandled";
    public const string SendToVerify = "SendToVerify";
    public const string Verify = "Verify";
    public const string VerifyFalse = "VerifyFalse";
    public const string File = "File";
    public const string Decline = "Decline";
    public const string Dispatch = "Dispatch";
    public const string DispatchMajor = "DispatchMajor";
    public const string PushDown = "PushDown";
    public const string Escalate = "Escalate";
    public const string RequestVoid = "RequestVoid";
    public const string ApproveVoid = "ApproveVoid";
    public const string Complete = "Complete";
    public const string RequestExtension = "RequestExtension";
    public const string ApproveExtension = "ApproveExtension";
    public const string Return = "Return";
    public const string ApproveReturn = "ApproveReturn";
    public const string ApproveShelve = "ApproveShelve";
    public const string Pass = "Pass";
    public const string Rework = "Rework";
    public const string Close = "Close";
    public const string TakeOver = "TakeOver";
    public const string Urge = "Urge";
    public const string Forward = "Forward";
    public const string UpstreamClosed = "UpstreamClosed";
    public const string UpstreamNote = "UpstreamNote";
    public const string Recall = "Recall";

    public static readonly ProcessContract Contract = new(Key,
        [Accepting, Verifying, Filing, Dispatching, Handling, Assisting, Checking, Closing, VoidReview, ExtensionReview, ReturnReview, Closed, NotFiled, Voided, Forwarded],
        [Accept, ConfirmSelfHandled, SendToVerify, Verify, VerifyFalse, File, Decline, Dispatch, DispatchMajor, PushDown, Escalate, RequestVoid, ApproveVoid,
            Complete, RequestExtension, ApproveExtension, Return, ApproveReturn, ApproveShelve, Pass, Rework, Close, TakeOver, Urge,
            Forward, UpstreamClosed, UpstreamNote, Recall]);
}
