<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared functions of the web and print editions (namespace urn:edition:common, prefix ed).
  Format-neutral: they compute keys, labels and ids; they build no layout.

  Hooks an importing stylesheet may override (xsl:import precedence):
    ed:entity-href($key)  link target for a register entry ('' = no link)
    ed:date-href($date)   link target for a date ('' = no link)
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:common"
  exclude-result-prefixes="#all">

  <!-- The document's slug: idno[@type='slug'], else TEI/@xml:id. -->
  <xsl:function name="ed:slug" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="tei" select="root($node)/tei:TEI"/>
    <!-- a file without slug or id is named after its file: never two texts on one page -->
    <xsl:sequence select="string(($tei/tei:teiHeader//tei:idno[@type='slug'], $tei/@xml:id,
      replace(tokenize(base-uri($tei), '/')[last()], '\.xml$', '')[.], 'text')[1])"/>
  </xsl:function>

  <!-- 'per:stalin', '#per-stalin', 'register.xml#per-stalin' → 'per-stalin'. -->
  <xsl:function name="ed:entity-key" as="xs:string">
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:variable name="r" select="normalize-space(tokenize(string($ref), '\s+')[1])"/>
    <xsl:sequence select="if (matches($r, '^(per|org|place):')) then replace($r, '^(per|org|place):', '$1-')
                          else replace($r, '^.*#', '')"/>
  </xsl:function>

  <!-- The ISO start of a date element (@when, @from, @notBefore), '' when it has none. -->
  <xsl:function name="ed:date-start" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="string(($date/@when, $date/@from, $date/@notBefore, $date/@when-iso)[1])"/>
  </xsl:function>

  <!-- A human label for an ISO date or range: "21 January 1924", "1924–1925". -->
  <xsl:function name="ed:iso-label" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:variable name="months" select="('January','February','March','April','May','June','July',
      'August','September','October','November','December')"/>
    <xsl:variable name="parts" select="tokenize($iso, '-')[. != '']"/>
    <xsl:sequence select="
      if (matches($iso, '^\d{4}-\d{2}-\d{2}$')) then
        concat(xs:integer($parts[3]), ' ', $months[xs:integer($parts[2])], ' ', $parts[1])
      else if (matches($iso, '^\d{4}-\d{2}$')) then concat($months[xs:integer($parts[2])], ' ', $parts[1])
      else $iso"/>
  </xsl:function>

  <xsl:function name="ed:date-label" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="
      if ($date/@when) then ed:iso-label($date/@when)
      else if ($date/@from and $date/@to) then concat(ed:iso-label($date/@from), ' – ', ed:iso-label($date/@to))
      else if ($date/@notBefore and $date/@notAfter)
        then concat('between ', ed:iso-label($date/@notBefore), ' and ', ed:iso-label($date/@notAfter))
      else if ($date/@notBefore) then concat('not before ', ed:iso-label($date/@notBefore))
      else if ($date/@notAfter) then concat('not after ', ed:iso-label($date/@notAfter))
      else normalize-space($date)"/>
  </xsl:function>

  <!-- The id of the nearest block (p, head, item, ...) that holds a node; used for stable anchors. -->
  <xsl:function name="ed:block-id" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="string($node/ancestor-or-self::*[@xml:id][1]/@xml:id)"/>
  </xsl:function>

  <!-- A stable id for any note: its xml:id, else its block's id + 'fn' + its number in that block. -->
  <xsl:function name="ed:note-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:variable name="holder" select="$note/ancestor::*[@xml:id][1]"/>
    <xsl:sequence select="if ($note/@xml:id) then string($note/@xml:id)
      else if (empty($holder)) then concat(ed:slug($note), '-fn', count($note/preceding::tei:note) + 1)
      else concat(($holder/@xml:id, ed:slug($note))[1], '-fn',
                  count($holder//tei:note[. &lt;&lt; $note][ancestor::*[@xml:id][1] is $holder]) + 1)"/>
  </xsl:function>

  <!-- The mark of a note as printed (@n), else its number in the document. -->
  <xsl:function name="ed:note-label" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="string(($note/@n, count($note/preceding::tei:note[not(@type='editorial')]) + 1)[1])"/>
  </xsl:function>

  <!-- A page anchor for a pb: 'p29' (characters outside [A-Za-z0-9] dropped). -->
  <xsl:function name="ed:page-anchor" as="xs:string">
    <xsl:param name="pb" as="element(tei:pb)"/>
    <xsl:sequence select="concat('p', replace(string($pb/@n), '[^A-Za-z0-9]', ''))"/>
  </xsl:function>

  <!-- True for a text node whose trailing white space belongs to a soft line-end break:
       the next content (skipping pb, fw and blank text) is lb[@break='no']. -->
  <xsl:function name="ed:before-word-break" as="xs:boolean">
    <xsl:param name="t" as="text()"/>
    <xsl:sequence select="exists($t/following-sibling::node()
      [not(self::tei:pb or self::tei:fw or self::text()[not(normalize-space())])][1]
      [self::tei:lb[@break='no']])"/>
  </xsl:function>

  <!-- Hooks: overridden by the web edition; the print edition may keep them empty. -->
  <xsl:function name="ed:entity-href" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="''"/>
  </xsl:function>

  <xsl:function name="ed:date-href" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="''"/>
  </xsl:function>

  <!-- Trim the white space a soft hyphen break leaves inside a word. -->
  <xsl:template match="text()[matches(., '\s$')][ed:before-word-break(.)]">
    <xsl:value-of select="replace(., '\s+$', '')"/>
  </xsl:template>
  <!-- ===== plain text of a heading (contents, running heads, bookmarks, titles, links) =====
       The reading text without note calls, footnotes, page furniture or source readings. -->
  <xsl:function name="ed:plain" as="xs:string">
    <xsl:param name="el" as="node()?"/>
    <xsl:variable name="t" as="xs:string*">
      <xsl:apply-templates select="$el" mode="ed:plain"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($t))"/>
  </xsl:function>

  <xsl:template match="tei:note | tei:ref[@type='noteCall'] | tei:fw | tei:pb | tei:sic | tei:orig
                       | tei:abbr | tei:pc[@force='weak'] | tei:lb[@break='no']" mode="ed:plain"/>
  <xsl:template match="tei:lb" mode="ed:plain"><xsl:sequence select="' '"/></xsl:template>
  <xsl:template match="*" mode="ed:plain"><xsl:apply-templates mode="ed:plain"/></xsl:template>
  <xsl:template match="text()" mode="ed:plain">
    <xsl:sequence select="if (ed:before-word-break(.)) then replace(., '\s+$', '') else string(.)"/>
  </xsl:template>

  <!-- "THE RESULTS OF THE THIRTEENTH CONGRESS OF THE R.C.P.(B.)" → "The Results of the Thirteenth
       Congress of the R.C.P.(B.)": an all-capitals title in title case; small words lower-case
       (not first, nor after a number or a full stop), abbreviations with dots, initials, digits and roman
       numerals kept. A title with lower-case letters is kept. -->
  <xsl:variable name="ed:small-words" as="xs:string*"
    select="('a', 'an', 'the', 'and', 'or', 'nor', 'but', 'of', 'in', 'on', 'at', 'to', 'by', 'for',
             'from', 'with', 'as', 'into', 'upon', 'about', 'against', 'between', 'its', 'vs')"/>

  <xsl:function name="ed:title-case" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="t" select="normalize-space($s)"/>
    <xsl:sequence select="if (not(matches($t, '\p{Lu}.*\p{Lu}')) or matches($t, '\p{Ll}')) then $t
      else let $ws := tokenize($t, ' ') return string-join(
        for $i in 1 to count($ws) return ed:title-word($ws[$i], $i = 1
          or matches($ws[$i - 1], '^(I{1,3}|IV|VI{0,3}|IX|XI{0,3}|\d+)\.?$|[.:;?!—]$')), ' ')"/>
  </xsl:function>

  <xsl:function name="ed:title-word" as="xs:string">
    <xsl:param name="w" as="xs:string"/>
    <xsl:param name="first" as="xs:boolean"/>
    <xsl:variable name="lower" select="lower-case($w)"/>
    <xsl:variable name="core" select="replace($lower, '^\W+|\W+$', '')"/>
    <xsl:sequence select="
      if (matches($w, '\p{L}\.\p{L}|\d|^\W*\p{L}\.\W*$|^\W*(I{1,3}|IV|VI{0,3}|IX|XI{0,3})\W*$')) then $w
      else if (not($first) and $core = $ed:small-words) then $lower
      else string-join(tokenize($lower, '-') ! ed:cap-first(.), '-')"/>
  </xsl:function>

  <!-- "(inner" → "(Inner": the first letter in capitals. -->
  <xsl:function name="ed:cap-first" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="pre" select="if (matches($s, '^\P{L}')) then replace($s, '^(\P{L}+).*$', '$1', 's') else ''"/>
    <xsl:variable name="rest" select="substring($s, string-length($pre) + 1)"/>
    <xsl:sequence select="$pre || upper-case(substring($rest, 1, 1)) || substring($rest, 2)"/>
  </xsl:function>

  <!-- A title shortened at a word boundary to about $max characters, with an ellipsis. -->
  <xsl:function name="ed:short-title" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:variable name="t" select="normalize-space($s)"/>
    <xsl:sequence select="if (string-length($t) le $max) then $t
      else replace(replace(substring($t, 1, $max + 1), '\s+\S*$', ''), '[\s,;:.—–-]+$', '') || '…'"/>
  </xsl:function>

  <!-- ===== paragraphs split by a page break of the source =====
       A p[@next] followed (after pb and fw only) by the p[@prev] it points to is one paragraph:
       the formats render the continuation inside it and skip it where it stands. -->
  <xsl:function name="ed:continuation" as="element()?">
    <xsl:param name="p" as="element()"/>
    <xsl:variable name="id" select="substring-after(normalize-space($p/@next), '#')"/>
    <xsl:sequence select="if ($id = '') then ()
      else $p/following-sibling::*[not(self::tei:pb or self::tei:fw)][1]
             [node-name(.) = node-name($p)][@xml:id = $id][@prev]"/>
  </xsl:function>

  <!-- The continuation's continuations too, in order. -->
  <xsl:function name="ed:continuations" as="element()*">
    <xsl:param name="p" as="element()"/>
    <xsl:variable name="next" select="ed:continuation($p)"/>
    <xsl:sequence select="if ($next) then ($next, ed:continuations($next)) else ()"/>
  </xsl:function>

  <xsl:function name="ed:is-continuation" as="xs:boolean">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="exists($p/@prev) and exists($p/preceding-sibling::*[not(self::tei:pb or self::tei:fw)][1]
      [ed:continuation(.) is $p])"/>
  </xsl:function>

  <!-- A pb or fw standing between a paragraph and its continuation. -->
  <xsl:function name="ed:in-join" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="before" select="$node/preceding-sibling::*[not(self::tei:pb or self::tei:fw)][1]"/>
    <xsl:sequence select="exists($before) and exists($before/ed:continuation(.))"/>
  </xsl:function>

  <!-- Inside a paragraph with a continuation: the page break and furniture between the parts (in
       the ed:joining mode of the tunnel parameter, so each format's page layer renders them), an
       empty anchor with the continuation's id (links to it still resolve) and its content, and so
       on for its own continuation. Each format skips the continuation and those page breaks
       where they stand (rules that must outrank its own p and pb rules, so they live there). -->
  <xsl:template name="ed:continuation">
    <xsl:param name="join-class" as="xs:string"/>
    <xsl:variable name="next" select="ed:continuation(.)"/>
    <xsl:if test="$next">
      <xsl:if test="not($next/node()[1][self::tei:lb[@break='no']])"><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates select="following-sibling::*[. &lt;&lt; $next]">
        <xsl:with-param name="ed:joining" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <span xmlns="http://www.w3.org/1999/xhtml" class="{$join-class}" id="{$next/@xml:id}"></span>
      <xsl:for-each select="$next">
        <xsl:apply-templates/>
        <xsl:call-template name="ed:continuation">
          <xsl:with-param name="join-class" select="$join-class"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>