/** Validators for internet identifiers: email addresses, URLs, IP and MAC addresses, UUIDs. */

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** True for a host name with at least two labels and an alphabetic top-level domain. */
export function isDomainName(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) if (!DOMAIN_LABEL.test(label)) return false;
  return TOP_LEVEL.test(labels[labels.length - 1]!);
}

/** An email address: `local@domain`, with a dot-atom local part and a real-looking domain. */
export function isEmail(value: string): boolean {
  if (value.length < 6 || value.length > 254) return false;
  const at = value.indexOf('@');
  if (at < 1 || at !== value.lastIndexOf('@') || at > 64) return false;
  return EMAIL_LOCAL.test(value.slice(0, at)) && isDomainName(value.slice(at + 1));
}

const URL_SHAPE = /^(?:https?|ftps?|wss?):\/\/[^\s/?#]+(?:[/?#]\S*)?$/i;
const BARE_WEB_ADDRESS = /^www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]\S*)?$/i;

/** An absolute web URL (http, https, ftp, ws) with a real-looking host. */
export function isUrl(value: string): boolean {
  if (!URL_SHAPE.test(value)) return false;
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || isDomainName(host) || isIpv4(host) || host.startsWith('[');
}

/** A web address without a scheme (`www.example.com/page`): a URL only if the field name says so. */
export function isBareWebAddress(value: string): boolean {
  return BARE_WEB_ADDRESS.test(value);
}

/** Splits an optional `/prefix` off `value`; returns the address, or undefined when the prefix is invalid. */
function withoutPrefix(value: string, maxPrefix: number): string | undefined {
  const slash = value.indexOf('/');
  if (slash === -1) return value;
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix) return undefined;
  return value.slice(0, slash);
}

function isIpv4Address(value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 4) return false;
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return false;
  }
  return true;
}

/** A dotted-quad IPv4 address, optionally with a CIDR prefix. */
export function isIpv4(value: string): boolean {
  const first = value.charCodeAt(0);
  if (value.length < 7 || value.length > 18 || first < 48 || first > 57) return false;
  const address = withoutPrefix(value, 32);
  return address !== undefined && isIpv4Address(address);
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** An IPv6 address (compressed forms, embedded IPv4, zone id), optionally with a CIDR prefix. */
export function isIpv6(value: string): boolean {
  let address = withoutPrefix(value, 128);
  if (address === undefined || !address.includes(':')) return false;
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  let count = 0;
  for (const [h, half] of groups.entries()) {
    for (const [i, group] of half.entries()) {
      const lastOfAll = h === groups.length - 1 && i === half.length - 1;
      if (lastOfAll && group.includes('.')) {
        if (!isIpv4Address(group)) return false;
        count += 2;
      } else if (HEX_GROUP.test(group)) count++;
      else return false;
    }
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

const MAC_SEPARATED = /^[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$/;
const MAC_DOTTED = /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/;
const MAC_BARE = /^[0-9A-Fa-f]{12}$/;

/** A MAC address: `00:1a:2b:3c:4d:5e`, `00-1A-...`, or `001a.2b3c.4d5e`. */
export function isMac(value: string): boolean {
  return MAC_SEPARATED.test(value) || MAC_DOTTED.test(value);
}

/** Twelve bare hex digits: a MAC address only if the field name says so. */
export function isBareMac(value: string): boolean {
  return MAC_BARE.test(value);
}

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** A UUID in its canonical 8-4-4-4-12 hex form (any version). */
export function isUuid(value: string): boolean {
  return value.length === 36 && UUID.test(value);
}
