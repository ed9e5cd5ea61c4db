-- The normalizer: every rule, on real-looking affiliation strings.
-- (The extension is created by pg_regress --load-extension=instmatch.)
\pset null '<NULL>'

-- Version: rules version, rules checksum and Unicode version. Any rule change shows up here.
SELECT inst_normalizer_version() ~ '^rules [0-9]+ \(rules [0-9a-f]{12}\); Unicode [0-9.]+ \(utf8proc [0-9.]+\)$' AS version_format;

-- Volatility and strictness are part of the contract (indexes, parallel query).
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'instmatch'
WHERE p.proname LIKE 'inst\_%' ORDER BY 1;

-- NULL, empty, nothing but punctuation
SELECT inst_normalize(NULL), inst_normalize(''), inst_normalize(' ,;() - '), inst_tokens(''), inst_tokens(NULL);

-- Each rule on its own
CREATE TEMP TABLE cases(rule text, input text);
INSERT INTO cases VALUES
 ('wos address',        'Beihang Univ, Sch Comp Sci & Engn, Beijing 100191, Peoples R China'),
 ('full address',       'School of Computer Science and Engineering, Beihang University, Beijing 100191, P.R. China'),
 ('ieee style',         'Dept. of Electron. Eng., Tsinghua Univ., Beijing 100084, P. R. China'),
 ('no spaces',          'Dept.of Phys.,Tsinghua Univ.,Beijing100084,China'),
 ('case folding',       'HARBIN INSTITUTE OF TECHNOLOGY, STRASSE, Straße'),
 ('diacritics',         'Université Paris-Saclay; Łódź University of Technology; Universidade de São Paulo'),
 ('greek diacritics',   'Ἀθῆναι, Εθνικό Μετσόβιο Πολυτεχνείο'),
 ('kana and hangul',    'がっこう ｶﾞｯｺｳ 서울대학교'),
 ('full width',         'ＢＥＩＨＡＮＧ　ＵＮＩＶ．，Ｂｅｉｊｉｎｇ（ＣＨＩＮＡ）'),
 ('ligature, digits',   'Scientiﬁc Research Institute № ①'),
 ('format characters',  E'Bei\u200Bhang Uni\u00ADversity\uFEFF, Bei\u200Dj\u202Ei\u202Cng'),
 ('control characters', E'Harbin\tInst.\u0001 of\u0007 Tech.'),
 ('spaces dashes',      E'Sun\u00A0Yat\u2013sen\u2003University, Paris\u2011Saclay'),
 ('quotes',             E'Xi\u2019an Jiaotong Univ; Xi''an; Xi`an; \u201CPeking\u201D University'),
 ('cyrillic lookalike', 'Веіhang Univеrsity'),
 ('greek lookalike',    'ΒΕΙΗΑΝG Uniνersity'),
 ('genuine cyrillic',   'Московский государственный университет имени М. В. Ломоносова'),
 ('traditional han',    '哈爾濱工業大學; 國立臺灣大學'),
 ('simplified han',     '北京航空航天大学（北航）'),
 ('mixed han latin',    '中国科学技术大学 USTC, Hefei 230026'),
 ('abbreviations 1',    'Natl Univ Def Technol, Coll Aerosp Sci & Engn, Changsha'),
 ('abbreviations 2',    'Chinese Acad Sci, Inst Phys, Key Lab Opt Phys, Beijing'),
 ('abbreviations 3',    'Northwestern Polytech Univ, Sch Aeronaut, Xian'),
 ('abbreviations 4',    'Beijing Univ Posts & Telecommun, Sch Informat & Commun Engn'),
 ('abbreviations 5',    'Univ Elect Sci & Technol China, Sch Elect Engn, Chengdu'),
 ('abbreviations 6',    'Nanjing Univ Aeronaut & Astronaut, Coll Astronaut; Def Res Ctr; Centre for Math & Chem'),
 ('abbreviations 7',    'Cent S Univ, Changsha; S China Univ Technol; R&D Ctr'),
 ('nat is context',     'Nat. Sci. Fdn; Tsinghua Nat. Lab. for Info. Sci.'),
 ('country forms',      'China; Peoples R China; PR China; P.R. China; PRC; People''s Republic of China'),
 ('usa uk',             'MIT, Cambridge, MA, U.S.A.; Univ Oxford, Oxford, United Kingdom'),
 ('stop words',         'University of Science and Technology of China'),
 ('romance particles',  'Universidad de Chile; Università degli Studi di Milano; Institut des Sciences du Vivant'),
 ('elision',            'l''Université de Lyon; Università dell''Insubria; Nat''l Taiwan Univ.'),
 ('hyphens',            'Sun Yat-sen University; Paris-Saclay; Max-Planck-Institut für Physik'),
 ('letter digit',       'Beijing100191, Room 3rd-402'),
 ('email domain',       'Zhang San (zhang.san@buaa.edu.cn), BUAA; Li Si, lisi@hit.edu.cn'),
 ('web domain',         'http://www.ustc.edu.cn/; WWW.NUDT.EDU.CN; kth.se'),
 ('not a domain',       'Dept.of Phys., Inst.of Mech., Sci.Technol.'),
 ('boundaries',         E'Dept Phys / Key Lab | Beijing\nShanghai; Nanjing'),
 ('parentheses',        'Harbin Institute of Technology (HIT), Harbin; University of California (Berkeley)'),
 ('nested parentheses', 'A (B (C) D) E'),
 ('invalid escapes',    E'Tsinghua\\Univ'),
 ('arabic',             'جامعة الملك سعود، الرياض'),
 ('devanagari',         'भारतीय प्रौद्योगिकी संस्थान दिल्ली');
SELECT rule, inst_normalize(input) FROM cases ORDER BY rule;
SELECT rule, inst_tokens(input) FROM cases
WHERE rule IN ('wos address', 'parentheses', 'traditional han', 'email domain') ORDER BY rule;

-- Rendered text is a fixed point: normalizing it again changes nothing.
SELECT rule FROM cases WHERE inst_normalize(inst_normalize(input)) <> inst_normalize(input);

-- The equalities the screening depends on
SELECT inst_normalize('Northwestern Polytech Univ') = inst_normalize('Northwestern Polytechnical University') AS polytech,
       inst_normalize('Nat''l Univ. of Defense Tech.') = inst_normalize('National University of Defense Technology') AS nudt,
       inst_normalize('University of Science and Technology of China') = inst_normalize('Univ Sci & Technol China') AS ustc,
       inst_normalize('Harbin Inst. of Tech.') = inst_normalize('Harbin Institute of Technology') AS hit,
       inst_normalize('哈爾濱工業大學') = inst_normalize('哈尔滨工业大学') AS han,
       inst_normalize('Веіhang Univеrsity') = inst_normalize('Beihang University') AS lookalike,
       inst_normalize('ＢＥＩＨＡＮＧ') = inst_normalize('BEIHANG') AS fullwidth,
       inst_normalize('Xi''an') = inst_normalize('Xian') AS apostrophe,
       inst_normalize('Tech. Univ. Munich') = inst_normalize('Technical University of Munich') AS technical;

-- Both address styles contain "Beihang University" as a contiguous phrase inside one segment:
-- split the rendered text into segments at , ; ( ) and look for the phrase with word edges.
CREATE FUNCTION segment_contains(haystack text, needle text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT EXISTS (SELECT 1 FROM regexp_split_to_table(inst_normalize(haystack), '\s*[,;()]\s*') seg
                 WHERE (' ' || seg || ' ') LIKE ('% ' || inst_normalize(needle) || ' %'))
$$;
SELECT segment_contains('Beihang Univ, Sch Comp Sci & Engn, Beijing 100191, Peoples R China', 'Beihang University') AS wos,
       segment_contains('School of Computer Science and Engineering, Beihang University, Beijing 100191, P.R. China', 'Beihang University') AS full_form,
       segment_contains('Beihang, University of Somewhere', 'Beihang University') AS across_boundary;
