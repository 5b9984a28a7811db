-- A clinic account is no longer locked by failed sign-ins: that let anyone who knew a username
-- keep its owner out (five wrong passwords every fifteen minutes). Failures are now counted per
-- account *and* address by the application (LoginThrottle): they block the address they come
-- from and slow the account down, never lock it. Nothing reads or writes these columns any more.
-- (A super admin's second-factor lockout stays in santkrupa_platform.platform_admin.)
ALTER TABLE santkrupa.app_user
  DROP CONSTRAINT app_user_failed_logins_valid,
  DROP COLUMN failed_logins,
  DROP COLUMN locked_until;
