<?xml version="1.0" encoding="UTF-8"?>
<!--
  The text of the print edition: divisions, blocks, notes, page breaks of the source, corrections,
  quotations, speeches and names. Paragraphs become div.p (never HTML p) so that blocks nested in a
  paragraph (a note's paragraphs, a block quotation) cannot be re-parented by the HTML parser.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:pr="urn:edition:print"
  xmlns:ed="urn:edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- ===== structure ===== -->

  <xsl:template match="tei:text">
    <xsl:apply-templates select="tei:front, tei:body, tei:back, tei:group"/>
  </xsl:template>

  <xsl:template match="tei:front | tei:body | tei:back | tei:group">
    <div class="{local-name()}">
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:div">
    <xsl:variable name="head" select="(tei:head[not(@type='sub')])[1]"/>
    <section id="{pr:div-id(.)}"
             class="div div-{(@type, 'div')[1]} depth-{count(ancestor::tei:div)}{
               if (ancestor::tei:back and not(ancestor::tei:div)) then ' back-div' else ''}">
      <xsl:if test="@type = 'work' or (not(ancestor::tei:div) and $head)">
        <xsl:attribute name="data-rh">
          <xsl:value-of select="if (@type = 'work') then pr:running-head($head)
                                else pr:short-title(pr:div-title(.))"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:if test="not(tei:head) and @type = ('notes', 'chronicle')">
        <h2 class="head generated">{pr:div-label(.)}</h2>
      </xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- A work's title as a running head: title case, shortened by rule (pr:short-title). -->
  <xsl:function name="pr:running-head" as="xs:string">
    <xsl:param name="head" as="element()?"/>
    <xsl:sequence select="pr:short-title(ed:title-case(string-join($head ! ed:plain(.), ' ')))"/>
  </xsl:function>

  <!-- The longest running head, in characters: a third of the head line (9 pt italic holds about
       80 in the measure) is left to the folio and the space on either side. -->
  <xsl:variable name="pr:head-max" as="xs:integer" select="56"/>

  <!-- A title as a running head, never cut with an ellipsis: the whole title when it fits,
       else the first form that fits of: the title without a leading "On the", "The", "A";
       that without a closing parenthesis ("(B.)"); the title's first member (before a colon,
       a dash, a comma or " and the "), of two words at least. A title none of them shortens
       enough is set whole (the head may take two lines). -->
  <xsl:function name="pr:short-title" as="xs:string">
    <xsl:param name="title" as="xs:string"/>
    <xsl:variable name="whole" select="normalize-space($title)"/>
    <xsl:variable name="bare" select="replace($whole, '^(On the|On|The|A|An) (\p{Lu})', '$2')"/>
    <xsl:variable name="unbracketed" select="normalize-space(replace($bare, '\s*\([^()]*\)$', ''))"/>
    <xsl:variable name="first" select="replace($whole, '^(.+?)(\s*[:;—–]\s*|,\s+|\s+and\s+the\s+).*$', '$1')"/>
    <xsl:sequence select="(($whole, $bare, $unbracketed, $first[count(tokenize(.)) ge 2])
                           [string-length(.) le $pr:head-max], $whole)[1]"/>
  </xsl:function>

  <xsl:template match="tei:head">
    <xsl:variable name="level" select="min((count(ancestor::tei:div) + 1, 4))"/>
    <xsl:variable name="is-main" select="not(@type = 'sub') and . is (../tei:head[not(@type='sub')])[1]"/>
    <xsl:variable name="tag" select="if ($is-main and parent::tei:div) then 'h' || $level else 'div'"/>
    <xsl:element name="{$tag}">
      <xsl:attribute name="class" select="'head', @type ! ('head-' || .),
        parent::tei:div/@type ! ('head-of-' || .)"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <!-- The bookmark without note calls (print.css: bookmark-label: attr(data-bm)). -->
      <xsl:attribute name="data-bm" select="ed:title-case(ed:plain(.))"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- ===== blocks ===== -->

  <!-- A paragraph split by a page break of the source is printed as one (functions.xsl:
       ed:continuation): the page marker and the continuation follow inside it; the continuation's
       id stays as an anchor there. -->
  <!-- An HTML p (a P in the tagged PDF) when nothing in it is a block; a paragraph holding a
       block (a footnote's paragraphs, a block quotation) stays a div, which the HTML parser
       cannot cut in two. -->
  <xsl:template match="tei:p | tei:ab">
    <xsl:variable name="content" as="node()*">
      <xsl:apply-templates/>
      <xsl:call-template name="ed:continuation"><xsl:with-param name="join-class" select="'p-join'"/></xsl:call-template>
    </xsl:variable>
    <xsl:element name="{if ($content/descendant-or-self::*[local-name() = $pr:blocks]) then 'div' else 'p'}">
      <xsl:attribute name="class" select="'p' || (if (@prev and not(ed:is-continuation(.))) then ' cont' else '')
                                          || (if (@rend) then ' rend-' || @rend else '')"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:sequence select="$content"/>
    </xsl:element>
  </xsl:template>

  <!-- HTML elements that close an open p. -->
  <xsl:variable name="pr:blocks" as="xs:string+" select="('address', 'article', 'aside', 'blockquote',
    'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3',
    'h4', 'h5', 'h6', 'header', 'hr', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul')"/>

  <!-- Where they stand, the continuation and the page break before it are already printed. -->
  <xsl:template match="tei:p[ed:is-continuation(.)] | tei:ab[ed:is-continuation(.)]" priority="3"/>
  <xsl:template match="tei:pb[ed:in-join(.)] | tei:fw[ed:in-join(.)]" priority="3">
    <xsl:param name="ed:joining" tunnel="yes" as="xs:boolean" select="false()"/>
    <xsl:if test="$ed:joining"><xsl:next-match/></xsl:if>
  </xsl:template>

  <xsl:template match="tei:dateline | tei:byline | tei:closer | tei:opener | tei:signed | tei:salute
                       | tei:trailer | tei:argument | tei:epigraph | tei:docTitle | tei:titlePart
                       | tei:docAuthor | tei:docDate | tei:titlePage | tei:postscript">
    <div class="{local-name()}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:list">
    <ul class="list{@type ! (' list-' || .)}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates select="tei:head"/>
      <xsl:for-each-group select="node()[not(self::text()[not(normalize-space())])] except tei:head" group-starting-with="tei:label | tei:item[not(preceding-sibling::*[1][self::tei:label])]">
        <li>
          <xsl:apply-templates select="current-group()"/>
        </li>
      </xsl:for-each-group>
    </ul>
  </xsl:template>

  <xsl:template match="tei:item">
    <span class="item">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:label">
    <span class="label"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:table">
    <table class="table"><xsl:apply-templates/></table>
  </xsl:template>
  <xsl:template match="tei:row"><tr><xsl:apply-templates/></tr></xsl:template>
  <xsl:template match="tei:cell"><td><xsl:apply-templates/></td></xsl:template>

  <xsl:template match="tei:lg">
    <div class="lg"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:l">
    <div class="l"><xsl:apply-templates/></div>
  </xsl:template>

  <!-- ===== notes ===== -->

  <!-- A work's source line printed after its closer (note[@type='source'], where TEI allows no
       bibl): a source block as the other works have, not a footnote. -->
  <xsl:template match="tei:note[@type='source']" priority="2">
    <div class="ed-bibl bibl-block bibl-source note-source">
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- Footnotes (and editorial notes) go to the page foot: an anchor marks the call. -->
  <xsl:template match="tei:note[@place='foot'] | tei:note[@type='editorial'][not(@place='end')]
                       | tei:note[not(@place)][not(ancestor::tei:teiHeader)]">
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <span class="fn-call-anchor" id="fncall-{$id}"/>
    <span class="footnote fn-{ed:note-kind(.)}{@type ! (' fn-type-' || .)}" id="fn-{$id}" data-n="{@n}">
      <xsl:apply-templates select="." mode="ed:note-body"/>
    </span>
  </xsl:template>

  <!-- A footnote the source itself continues over later pages (milestone[@unit='page'] in it)
       is too long for one page foot and WeasyPrint does not split footnotes: it is set as an
       inset block at its call instead. -->
  <xsl:template match="tei:note[@place='foot'][.//tei:milestone[@unit='page']]" priority="2">
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <span class="fn-call-anchor" id="fncall-{$id}"/>
    <span class="fn-inset-call">{@n}</span>
    <span class="footnote-inset fn-{ed:note-kind(.)}{@type ! (' fn-type-' || .)}" id="fn-{$id}">
      <span class="fn-inset-marker">{@n}</span>
      <xsl:text> </xsl:text>
      <xsl:apply-templates select="." mode="ed:note-body"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:note[@place='end']">
    <div class="endnote" id="{(@xml:id, generate-id())[1]}">
      <!-- The number once: the source's label, else @n (the label is not repeated in the body). -->
      <xsl:variable name="label" select="tei:label[1][not(preceding-sibling::*)]"/>
      <span class="en-num"><xsl:choose>
        <xsl:when test="$label"><xsl:apply-templates select="$label/node()"/></xsl:when>
        <xsl:otherwise>{(@n, count(preceding-sibling::tei:note[@place='end']) + 1)[1]}</xsl:otherwise>
      </xsl:choose></span>
      <xsl:text> </xsl:text>
      <xsl:apply-templates select="node() except $label"/>
      <xsl:variable name="calls" select="key('ed:note-calls', @xml:id)"/>
      <xsl:if test="$calls">
        <span class="backrefs">
          <xsl:for-each select="$calls">
            <a class="backref" href="#{generate-id()}"/>
          </xsl:for-each>
        </span>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- A note call follows its word without a space, so that it can never begin a line
       ("democracy ²" → "democracy²"): the white space before it is layout, not text. -->
  <!-- All text of the print edition: the source's line ends become spaces (WeasyPrint 70 breaks
       the line at a newline inside a footnote), and white space goes before a note call and
       inside a word broken at a line end (the shared rule, functions.xsl). -->
  <xsl:template match="text()" priority="2">
    <xsl:variable name="text" select="pr:curl-quotes(translate(., '&#10;&#13;', '  '), .)"/>
    <xsl:value-of select="if (matches(., '\s$') and (ed:before-word-break(.) or pr:before-call(.)))
                          then replace($text, '\s+$', '') else $text"/>
  </xsl:template>

  <!-- Straight quotation marks left in a source ("national", 'permanent revolution') print as
       typographic ones; the TEI keeps the source's characters. A mark opens after a space, an
       opening bracket or a dash, or at the start of a block (the character before a text node's
       first one is the last of the text before it); an apostrophe between letters is ’. -->
  <xsl:function name="pr:curl-quotes" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="node" as="text()"/>
    <xsl:sequence select="if (not(contains($text, '&quot;') or contains($text, &quot;'&quot;))) then $text
      else substring(pr:curl(pr:char-before($node) || $text), 2)"/>
  </xsl:function>

  <!-- A string of the header (the imprint) with typographic quotation marks. -->
  <xsl:function name="pr:typographic" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="substring(pr:curl(' ' || $text), 2)"/>
  </xsl:function>

  <xsl:function name="pr:curl" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="opens" select="'(^|[\s(\[{—–-])'"/>
    <xsl:variable name="double" select="replace(replace($s, $opens || '&quot;', '$1“'), '&quot;', '”')"/>
    <xsl:variable name="apostrophes" select="replace($double, &quot;(\p{L})'(\p{L})&quot;, '$1’$2')"/>
    <xsl:sequence select="replace(replace($apostrophes, $opens || &quot;'&quot;, '$1‘'), &quot;'&quot;, '’')"/>
  </xsl:function>

  <!-- The printed character before a text node: the last of the nearest text before it in its
       block (a space at a block's start). -->
  <xsl:function name="pr:char-before" as="xs:string">
    <xsl:param name="node" as="text()"/>
    <xsl:variable name="block" select="$node/ancestor::*[self::tei:p or self::tei:ab or self::tei:head
      or self::tei:note or self::tei:item or self::tei:quote[ed:is-block(.)] or self::tei:l
      or self::tei:cell or self::tei:bibl or self::tei:label][1]"/>
    <xsl:variable name="prev" select="($node/preceding::text()[. &gt;&gt; $block][normalize-space()])[last()]"/>
    <xsl:sequence select="if ($prev and not($node/preceding-sibling::node()[1][self::tei:lb or self::tei:pb]))
                          then substring($prev, string-length($prev)) else ' '"/>
  </xsl:function>

  <xsl:function name="pr:before-call" as="xs:boolean">
    <xsl:param name="text" as="text()"/>
    <xsl:sequence select="exists($text/following-sibling::node()[1][self::tei:ref[@type='noteCall']
                          or self::tei:note[not(@place='end')][not(@type='source')]])"/>
  </xsl:function>

  <xsl:template match="tei:ref[@type='noteCall']">
    <xsl:choose>
      <xsl:when test="@target">
        <a class="note-call" id="{generate-id()}" href="{@target}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise>
        <!-- the source prints a call but no note: the call with a visible mark of the gap -->
        <span class="note-call missing" id="{generate-id()}" title="note missing in the source"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:ref | tei:ptr[@target]">
    <span class="ref"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ===== pages, lines and furniture of the source ===== -->

  <xsl:template match="tei:pb">
    <xsl:if test="@n">
      <!-- a thin bar where the source's page turns (not inside a word it breaks), its number in
           the margin -->
      <xsl:if test="not(@break = 'no' or following-sibling::node()[not(self::tei:fw or
                    self::text()[not(normalize-space())])][1][self::tei:lb[@break = 'no']])">
        <span class="pb-bar"/>
      </xsl:if>
      <span class="pb{if (@cert) then ' inferred' else ''}" id="page-{generate-id()}" data-n="{@n}">[p. {@n}]</span>
    </xsl:if>
  </xsl:template>

  <!-- Running heads, page numbers and stamps of the source are not reading text. -->
  <xsl:template match="tei:fw"/>

  <!-- Print lines of the source reflow; a line break in a heading stays one. An lb with no
       white space before it still separates words. -->
  <xsl:template match="tei:lb[@break='no']"/>
  <xsl:template match="tei:head//tei:lb[not(@break='no')]"><br/></xsl:template>
  <xsl:template match="tei:lb">
    <xsl:if test="not(preceding-sibling::node()[1][self::text()][matches(., '\s$')])">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Person mentions carry an anchor per mention: the index reads their pages from the PDF.
       Otherwise as the shared rule (names.xsl): a span with the register key. -->
  <xsl:template match="tei:persName[@ref]">
    <xsl:variable name="keys" select="tokenize(normalize-space(@ref))[starts-with(., 'per:')]
                                      ! substring-after(., 'per:')"/>
    <span class="ed-name ed-persName" data-ref="{ed:entity-key(@ref)}">
      <xsl:if test="exists($keys)">
        <xsl:attribute name="id" select="'pm.' || string-join($keys, '+') || '.' || generate-id()"/>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- An inline quotation whose cit names several sources (the shared rule's title attribute
       expects one): print needs no title anyway. -->
  <xsl:template match="tei:quote[count(../tei:bibl) gt 1][not(ed:is-block(.))]">
    <span class="ed-quote"><xsl:call-template name="ed:id"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A bibl standing as a block (a work's source line). -->
  <xsl:template match="tei:bibl[parent::tei:div or parent::tei:body or parent::tei:front
                       or parent::tei:back]">
    <div class="ed-bibl bibl-block{@type ! (' bibl-' || .)}">
      <xsl:call-template name="ed:id"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- A title in italics unless it is an article's or chapter's (level a or u) or printed in
       quotation marks by the source: the marks already set it off. -->
  <xsl:template match="tei:title">
    <cite class="ed-title{if (@level = ('a', 'u') or matches(normalize-space(.), '^[“‘&quot;«]'))
                          then ' ed-title-roman' else ''}"><xsl:apply-templates/></cite>
  </xsl:template>

  <xsl:template match="tei:figure">
    <div class="figure"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:figDesc"><span class="figDesc"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:graphic"/>
  <xsl:template match="tei:anchor">
    <span class="anchor" id="{(@xml:id, generate-id())[1]}"/>
  </xsl:template>
  <xsl:template match="tei:milestone | tei:cb"/>

</xsl:stylesheet>
