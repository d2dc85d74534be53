//! Who may use the API: the bearer token (`--token`, `--token-file`), compared in constant time,
//! and the Host check that keeps other sites' pages away from a loopback server.

use super::ServeArgs;
use super::error::ApiError;
use axum::http::{HeaderMap, header};

/// The shortest token accepted: a guessable token is no protection.
const MIN_TOKEN_LEN: usize = 16;

/// A bearer token.
pub struct Token(String);

/// The token the arguments give, if any, or why it is unusable.
pub fn token(args: &ServeArgs) -> Result<Option<Token>, String> {
    let text = match (&args.token, &args.token_file) {
        (Some(t), _) => t.clone(),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("--token-file {}: {e}", path.display()))?;
            text.lines().next().unwrap_or("").trim().to_string()
        }
        (None, None) => return Ok(None),
    };
    if text.chars().count() < MIN_TOKEN_LEN || !text.chars().all(|c| c.is_ascii_graphic()) {
        return Err(format!(
            "the token must be at least {MIN_TOKEN_LEN} printable ASCII characters without spaces (e.g. `openssl rand -hex 32`)"
        ));
    }
    Ok(Some(Token(text)))
}

impl Token {
    /// Whether the request carries `Authorization: Bearer <this token>`.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(given) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return false;
        };
        constant_time_eq(given.trim().as_bytes(), self.0.as_bytes())
    }
}

/// Compares without stopping at the first difference, so timing tells nothing of the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, &y) in b.iter().enumerate() {
        let x = a.get(i).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

/// Refuses a request to a loopback server whose Host header names anything but a loopback
/// address or `localhost`: a page of another site whose name resolves to 127.0.0.1 (DNS
/// rebinding) must not drive the server. Requests without a Host header (not from a browser)
/// pass.
pub fn check_host(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(host) = headers.get(header::HOST) else {
        return Ok(());
    };
    let host = host.to_str().unwrap_or("");
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let loopback = name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "Host `{}` is not a loopback name: this server listens on loopback only",
            crate::render::escape::text(host)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"abcdefgh", b"abcdefgh"));
        assert!(!constant_time_eq(b"abcdefg", b"abcdefgh"));
        assert!(!constant_time_eq(b"abcdefghi", b"abcdefgh"));
        assert!(!constant_time_eq(b"abcdefgx", b"abcdefgh"));
        assert!(!constant_time_eq(b"", b"abcdefgh"));
    }

    #[test]
    fn loopback_hosts_pass_and_others_do_not() {
        for host in [
            "127.0.0.1:8080",
            "localhost",
            "LOCALHOST:1",
            "[::1]:8080",
            "127.0.0.2",
        ] {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, host.parse().unwrap());
            assert!(check_host(&h).is_ok(), "{host}");
        }
        for host in ["evil.example:8080", "10.0.0.1", "localhost.evil.example"] {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, host.parse().unwrap());
            assert!(check_host(&h).is_err(), "{host}");
        }
        assert!(check_host(&HeaderMap::new()).is_ok());
    }
}
