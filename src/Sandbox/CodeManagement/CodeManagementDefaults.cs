namespace Sandbox.CodeManagement;

/// <summary>What a platform's draft box, template library and a mini program's categories hold when nothing is configured.</summary>
internal static class CodeManagementDefaults
{
    private static readonly List<string> Pages = ["pages/index/index", "pages/order/list", "pages/order/detail"];

    public static void Apply(CodeManagementOptions options)
    {
        if (options.Drafts.Count == 0)
        {
            options.Drafts.Add(new SandboxDraft { DraftId = 0, UserVersion = "1.0.0", UserDesc = "首个版本 first version", CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1735689600), Pages = [.. Pages] });
            options.Drafts.Add(new SandboxDraft { DraftId = 1, UserVersion = "1.1.0", UserDesc = "修复 fixes", CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1738368000), Pages = [.. Pages] });
        }

        if (options.Templates.Count == 0)
        {
            options.Templates.Add(new SandboxTemplate
            {
                TemplateId = 1, DraftId = 0, TemplateType = 0, UserVersion = "1.0.0", UserDesc = "首个版本 first version",
                CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1735776000), Pages = [.. Pages],
            });
            options.Templates.Add(new SandboxTemplate
            {
                TemplateId = 2, DraftId = 1, TemplateType = 1, UserVersion = "1.1.0", UserDesc = "标准模板 standard template",
                CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1738454400), Pages = [.. Pages],
            });
        }

        if (options.Categories.Count == 0)
        {
            options.Categories.Add(new SandboxCategory { FirstClass = "工具", SecondClass = "效率", FirstId = 8, SecondId = 12 });
            options.Categories.Add(new SandboxCategory { FirstClass = "生活服务", SecondClass = "综合生活服务平台", FirstId = 150, SecondId = 627 });
        }
    }
}
