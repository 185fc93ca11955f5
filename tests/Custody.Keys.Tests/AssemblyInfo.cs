using System.Runtime.Versioning;

// The key tests run against Linux-only parts (SoftHSM2, Unix file modes of the dev key file).
[assembly: SupportedOSPlatform("linux")]
