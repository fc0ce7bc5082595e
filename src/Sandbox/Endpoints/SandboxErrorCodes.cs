namespace Sandbox.Endpoints;

/// <summary>WeChat's codes the sandbox answers that the product's client has no name for (docs/wechat-protocol.md §4).</summary>
public static class SandboxErrorCodes
{
    public const int InvalidOpenId = 40003;
    public const int EmptyContent = 44004;
    public const int ResponseWindowClosed = 45015;
    public const int ApiUnauthorizedToComponent = 61007;
    public const int InvalidOptionName = 61012;
    public const int InvalidOptionValue = 61013;
    public const int CgiPathNotFound = 76021;
    public const int CgiPathNotPermitted = 76022;
}
