use kaigi_core::keychain::Keychain;

#[tokio::test]
async fn secrets_round_trip_through_the_os_keychain() {
    let keychain = Keychain::new(format!("test-{}", std::process::id()));
    assert_eq!(keychain.get("probe").await.unwrap(), None);
    keychain.set("probe", "秘密-1").await.unwrap();
    assert_eq!(
        keychain.get("probe").await.unwrap().as_deref(),
        Some("秘密-1")
    );
    keychain.set("probe", "秘密-2").await.unwrap();
    assert_eq!(
        keychain.get("probe").await.unwrap().as_deref(),
        Some("秘密-2")
    );
    keychain.delete("probe").await.unwrap();
    assert_eq!(keychain.get("probe").await.unwrap(), None);
    // Deleting what is gone is fine.
    keychain.delete("probe").await.unwrap();
}

#[tokio::test]
async fn profiles_do_not_share_secrets() {
    let a = Keychain::new(format!("test-a-{}", std::process::id()));
    let b = Keychain::new(format!("test-b-{}", std::process::id()));
    a.set("token", "only-a").await.unwrap();
    assert_eq!(b.get("token").await.unwrap(), None);
    a.delete("token").await.unwrap();
}
