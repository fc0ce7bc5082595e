namespace Sandbox.State;

public enum UserCodeKind
{
    /// <summary>The <c>code</c> of a web-page OAuth redirect, for one platform acting for one official account.</summary>
    OAuth,

    /// <summary>The code of a mini program's <c>wx.login</c>, for the mini program (any platform it authorized may exchange it).</summary>
    JsCode,
}
