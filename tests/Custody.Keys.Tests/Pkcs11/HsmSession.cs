using Custody.Keys.Pkcs11;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Custody.Keys.Tests.Pkcs11;

/// <summary>A test's own logged-in session on the SoftHSM token (shares the process-wide module with the providers).</summary>
internal sealed class HsmSession : IDisposable
{
    private readonly Pkcs11Module.Lease _lease;

    public HsmSession(string userPin)
    {
        _lease = Pkcs11Module.Acquire(Pkcs11Options.SoftHsmModulePath);
        var slot = _lease.Module.Library.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.Trim() == SoftHsmToken.TokenLabel);
        Session = slot.OpenSession(SessionType.ReadWrite);
        try
        {
            Session.Login(CKU.CKU_USER, userPin);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // The fixture's provider already logged the application in.
        }
    }

    public ISession Session { get; }

    public Pkcs11InteropFactories Factories => _lease.Module.Factories;

    public IObjectHandle FindKey(string label) =>
        Session.FindAllObjects([Factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label)]).Single();

    /// <summary>A permanent AES-256 key with chosen (weak) protections, generated in the token.</summary>
    public IObjectHandle CreateTokenAesKey(string label, bool extractable, bool sensitive) =>
        GenerateAes(
        [
            Factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_PRIVATE, true),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_EXTRACTABLE, extractable),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_SENSITIVE, sensitive),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_ENCRYPT, true),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_DECRYPT, true),
        ]);

    /// <summary>A session (temporary) AES-256 key, e.g. to try to wrap another key out.</summary>
    public IObjectHandle CreateSessionAesKey(bool extractable, bool wrap) =>
        GenerateAes(
        [
            Factories.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, false),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_EXTRACTABLE, extractable),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_WRAP, wrap),
        ]);

    public void Dispose()
    {
        Session.Dispose();
        _lease.Dispose();
    }

    private IObjectHandle GenerateAes(List<IObjectAttribute> extra)
    {
        List<IObjectAttribute> template =
        [
            Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
            Factories.ObjectAttributeFactory.Create(CKA.CKA_VALUE_LEN, 32UL),
            .. extra,
        ];
        using var mechanism = Factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN);
        return Session.GenerateKey(mechanism, template);
    }
}
