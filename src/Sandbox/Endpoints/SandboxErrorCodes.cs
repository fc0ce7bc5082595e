namespace Sandbox.Endpoints;

/// <summary>WeChat errcodes the sandbox answers that the product's client has no name for.</summary>
public static class SandboxErrorCodes
{
    public const int InvalidOpenId = 40003;
    public const int InvalidMessageType = 40008;
    public const int EmptyTextContent = 44004;
    public const int OutOfResponseWindow = 45015;
    public const int ApiUnauthorizedToComponent = 61007;
    public const int InvalidOptionName = 61012;
    public const int InvalidOptionValue = 61013;
    public const int CgiPathNotFound = 76021;
    public const int CgiPathNoPermission = 76022;
}
