"""Turn the language codes of TEI (``@xml:lang``: ISO 639-1, -2 or -3) into BCP 47 tags in their
shortest, canonical form, as HTML's ``lang`` and PDF's ``/Lang`` want them: ``lat`` → ``la``."""

from __future__ import annotations

import re

__all__ = ["ISO639_1", "bcp47"]


# ISO 639-2 (terminologic and bibliographic) and 639-3 codes that have an ISO 639-1 code: BCP 47
# (RFC 5646 §2.2.1, rule 1) uses the two-letter code where one exists, so ``eng`` is not a valid
# tag and ``grc`` (no 639-1 code) is. From the ISO 639-2 Registration Authority's table.
_TABLE = (
    "aar:aa abk:ab afr:af aka:ak alb:sq amh:am ara:ar arg:an arm:hy asm:as ava:av ave:ae "
    "aym:ay aze:az bak:ba bam:bm baq:eu bel:be ben:bn bih:bh bis:bi bod:bo bos:bs bre:br "
    "bul:bg bur:my cat:ca ces:cs cha:ch che:ce chi:zh chu:cu chv:cv cor:kw cos:co cre:cr "
    "cym:cy cze:cs dan:da deu:de div:dv dut:nl dzo:dz ell:el eng:en epo:eo est:et eus:eu "
    "ewe:ee fao:fo fas:fa fij:fj fin:fi fra:fr fre:fr fry:fy ful:ff geo:ka ger:de gla:gd "
    "gle:ga glg:gl glv:gv gre:el grn:gn guj:gu hat:ht hau:ha heb:he her:hz hin:hi hmo:ho "
    "hrv:hr hun:hu hye:hy ibo:ig ice:is ido:io iii:ii iku:iu ile:ie ina:ia ind:id ipk:ik "
    "isl:is ita:it jav:jv jpn:ja kal:kl kan:kn kas:ks kat:ka kau:kr kaz:kk khm:km kik:ki "
    "kin:rw kir:ky kom:kv kon:kg kor:ko kua:kj kur:ku lao:lo lat:la lav:lv lim:li lin:ln "
    "lit:lt ltz:lb lub:lu lug:lg mac:mk mah:mh mal:ml mao:mi mar:mr may:ms mkd:mk mlg:mg "
    "mlt:mt mon:mn mri:mi msa:ms mya:my nau:na nav:nv nbl:nr nde:nd ndo:ng nep:ne nld:nl "
    "nno:nn nob:nb nor:no nya:ny oci:oc oji:oj ori:or orm:om oss:os pan:pa per:fa pli:pi "
    "pol:pl por:pt pus:ps que:qu roh:rm ron:ro rum:ro run:rn rus:ru sag:sg san:sa sin:si "
    "slk:sk slo:sk slv:sl sme:se smo:sm sna:sn snd:sd som:so sot:st spa:es sqi:sq srd:sc "
    "srp:sr ssw:ss sun:su swa:sw swe:sv tah:ty tam:ta tat:tt tel:te tgk:tg tgl:tl tha:th "
    "tib:bo tir:ti ton:to tsn:tn tso:ts tuk:tk tur:tr twi:tw uig:ug ukr:uk urd:ur uzb:uz "
    "ven:ve vie:vi vol:vo wel:cy wln:wa wol:wo xho:xh yid:yi yor:yo zha:za zho:zh zul:zu "
)
ISO639_1 = dict(pair.split(":") for pair in _TABLE.split())
# Deprecated two-letter codes that the IANA registry replaces (RFC 5646 §4.5, Preferred-Value).
ISO639_1.update({"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"})

_SUBTAG = re.compile(r"^[A-Za-z0-9]{1,8}$")


def bcp47(code: str) -> str:
    """The shortest canonical BCP 47 form of a language code: ``eng`` → ``en``, ``LAT`` → ``la``,
    ``zh-hant-tw`` → ``zh-Hant-TW``, ``grc`` stays; a code that is no tag at all is returned as
    written (validation reports it, the writers do not hide it)."""
    parts = code.strip().split("-")
    if not code.strip() or not all(_SUBTAG.match(part) for part in parts):
        return code
    language = parts[0].lower()
    out = [ISO639_1.get(language, language)]
    for index, part in enumerate(parts[1:], start=1):
        if len(parts[index - 1]) == 1:            # after a singleton (x-, u-): left as it is
            out.extend(p.lower() for p in parts[index:])
            break
        out.append(_case(part))
    return "-".join(out)


def _case(subtag: str) -> str:
    """RFC 5646 §2.1.1: scripts in title case (``Latn``), regions in capitals (``GB``), the rest
    in small letters."""
    if len(subtag) == 4 and subtag.isalpha():
        return subtag.title()
    if (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
        return subtag.upper()
    return subtag.lower()
