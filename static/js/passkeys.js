// After the browser has registered a passkey (django-otp-webauthn's script), tell SocialSafe through a plain form,
// which answers with the recovery codes or the security page. Without JavaScript the app code is offered instead.
document.addEventListener("otp_webauthn.register_complete", function () {
  var form = document.getElementById("passkey-added-form");
  if (form) form.submit();
});
