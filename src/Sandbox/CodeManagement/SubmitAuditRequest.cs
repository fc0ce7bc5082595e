using System.Text.Json.Nodes;
using Sandbox.Endpoints;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.CodeManagement;

/// <summary>
/// submit_audit's body (docs/wechat-code-management.md §3.10): item_list may be absent, else 1 to 5 items (85023)
/// whose address is a page of the code (85007), whose category is one of get_category's (85008), with a title of at
/// most 32 characters (85011) and at most 10 tags of 20 characters (85006); preview_info is an object (47001).
/// </summary>
internal static class SubmitAuditRequest
{
    private const int MaxItems = 5;
    private const int MaxTitleLength = 32;
    private const int MaxTags = 10;
    private const int MaxTagLength = 20;

    public static void Check(ApiCall call, CodeVersion experience, IReadOnlyList<SandboxCategory> categories)
    {
        if (call.Node("preview_info") is { } preview && preview is not JsonObject)
        {
            throw new SandboxApiError(WeChatErrorCodes.DataFormatError);
        }

        switch (call.Node("item_list"))
        {
            case null:
                return;
            case JsonArray { Count: >= 1 and <= MaxItems } items:
                foreach (var item in items)
                {
                    CheckItem(item as JsonObject ?? throw new SandboxApiError(WeChatErrorCodes.DataFormatError), experience, categories);
                }

                return;
            case JsonArray:
                throw new SandboxApiError(CodeErrors.ItemSizeInvalid);
            default:
                throw new SandboxApiError(WeChatErrorCodes.DataFormatError);
        }
    }

    private static void CheckItem(JsonObject item, CodeVersion experience, IReadOnlyList<SandboxCategory> categories)
    {
        if (Text(item, "address") is { } address && !experience.Pages.Contains(address))
        {
            throw new SandboxApiError(CodeErrors.PagePathInvalid);
        }

        var firstId = Number(item, "first_id");
        var secondId = Number(item, "second_id");
        var firstClass = Text(item, "first_class");
        var secondClass = Text(item, "second_class");
        var named = firstId is not null || firstClass is not null;
        if (named && !categories.Any(c => (firstId ?? c.FirstId) == c.FirstId && (secondId ?? c.SecondId) == c.SecondId
            && (firstClass ?? c.FirstClass) == c.FirstClass && (secondClass ?? c.SecondClass) == c.SecondClass))
        {
            throw new SandboxApiError(CodeErrors.CategoryInvalid);
        }

        if (Text(item, "title") is { Length: > MaxTitleLength })
        {
            throw new SandboxApiError(CodeErrors.TitleInvalid);
        }

        var tags = (Text(item, "tag") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tags.Length > MaxTags || tags.Any(t => t.Length > MaxTagLength))
        {
            throw new SandboxApiError(CodeErrors.TagInvalid);
        }
    }

    private static string? Text(JsonObject item, string name) => item[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Number(JsonObject item, string name) => item[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
}
