using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Panlong.Portal.Resources;

/// <summary>Anchor type for the UI strings: SharedResource.resx is zh-CN (default, complete), SharedResource.en.resx English.</summary>
public sealed class SharedResource;
