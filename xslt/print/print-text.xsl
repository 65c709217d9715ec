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
  xmlns:ed="urn:edition:print"
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
    <section id="{ed:div-id(.)}"
             class="div div-{(@type, 'div')[1]} depth-{count(ancestor::tei:div)}{
               if (ancestor::tei:back and not(ancestor::tei:div)) then ' back-div' else ''}">
      <xsl:if test="@type = 'work' or (not(ancestor::tei:div) and $head)">
        <xsl:attribute name="data-rh">
          <xsl:value-of select="normalize-space(string-join(($head ! ed:plain(.)), ' '))"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:if test="not(tei:head) and @type = ('notes', 'chronicle')">
        <h2 class="head generated">{ed:div-label(.)}</h2>
      </xsl:if>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- Plain text of a heading (for running heads and the contents): no notes, no furniture. -->
  <xsl:function name="ed:plain" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="t">
      <xsl:apply-templates select="$el" mode="plain"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space($t)"/>
  </xsl:function>

  <xsl:template match="tei:note | tei:fw | tei:pb | tei:sic | tei:orig | tei:pc[ed:soft-hyphen(.)]"
                mode="plain"/>
  <xsl:template match="tei:lb" mode="plain"><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:head" mode="plain"><xsl:apply-templates mode="plain"/></xsl:template>
  <xsl:template match="text()" mode="plain"><xsl:apply-templates select="." mode="#default"/></xsl:template>

  <xsl:template match="tei:head">
    <xsl:variable name="level" select="min((count(ancestor::tei:div) + 1, 4))"/>
    <xsl:variable name="is-main" select="not(@type = 'sub') and . is (../tei:head[not(@type='sub')])[1]"/>
    <xsl:variable name="tag" select="if ($is-main and parent::tei:div) then 'h' || $level else 'div'"/>
    <xsl:element name="{$tag}">
      <xsl:attribute name="class" select="'head', @type ! ('head-' || .),
        parent::tei:div/@type ! ('head-of-' || .)"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- ===== blocks ===== -->

  <xsl:template match="tei:p | tei:ab">
    <div class="p{if (@prev) then ' cont' else ''}{if (@rend) then ' rend-' || @rend else ''}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates/>
    </div>
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
      <xsl:for-each-group select="node() except tei:head" group-starting-with="tei:label | tei:item[not(preceding-sibling::*[1][self::tei:label])]">
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

  <!-- A bibl standing as a block (a work's source line, a quotation's source). -->
  <xsl:template match="tei:bibl[parent::tei:div or parent::tei:cit or parent::tei:body
                       or parent::tei:front or parent::tei:back]">
    <div class="bibl{@type ! (' bibl-' || .)}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:bibl">
    <span class="bibl"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ===== quotations (shared decision: quotation marks are in the text, no marks added) ===== -->

  <xsl:template match="tei:cit">
    <xsl:element name="{if (ed:is-block(.)) then 'blockquote' else 'span'}">
      <xsl:attribute name="class" select="'cit'"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:quote">
    <xsl:element name="{if (ed:is-block(.)) then 'blockquote' else 'span'}">
      <xsl:attribute name="class" select="'quote'"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:function name="ed:is-block" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/parent::tei:div | $el/parent::tei:body | $el/parent::tei:sp
                          | $el/parent::tei:front | $el/parent::tei:back | $el/parent::tei:note[@place='end'])
                          or ($el/parent::tei:cit and ed:is-block($el/parent::tei:cit))"/>
  </xsl:function>

  <!-- ===== speeches ===== -->

  <xsl:template match="tei:sp">
    <div class="sp" data-who="{@who}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <div class="speaker"><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:stage">
    <xsl:element name="{if (parent::tei:sp or parent::tei:div) then 'div' else 'span'}">
      <xsl:attribute name="class" select="'stage reaction'"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Interjections from the floor. -->
  <xsl:template match="tei:said">
    <span class="said interjection" data-who="{@who}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Reactions (applause, laughter, ...): the printed words are in the element. -->
  <xsl:template match="tei:incident | tei:vocal | tei:kinesic">
    <span class="reaction {local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:desc">
    <span class="desc"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ===== notes ===== -->

  <!-- Footnotes (and editorial notes) go to the page foot: an anchor marks the call. -->
  <xsl:template match="tei:note[@place='foot'] | tei:note[@type='editorial'][not(@place='end')]
                       | tei:note[not(@place)][not(ancestor::tei:teiHeader)]">
    <xsl:variable name="id" select="string((@xml:id, generate-id())[1])"/>
    <span class="fn-call-anchor" id="fncall-{$id}"/>
    <span class="footnote{if (@type) then ' fn-' || @type else ''}" id="fn-{$id}" data-n="{@n}">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:note//tei:p | tei:note//tei:ab">
    <span class="np"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:note[@place='end']">
    <div class="endnote" id="{(@xml:id, generate-id())[1]}">
      <span class="en-num">{(@n, count(preceding-sibling::tei:note[@place='end']) + 1)[1]}</span>
      <xsl:text> </xsl:text>
      <xsl:apply-templates/>
      <xsl:variable name="calls" select="key('note-calls', @xml:id)"/>
      <xsl:if test="$calls">
        <span class="backrefs">
          <xsl:for-each select="$calls">
            <a class="backref" href="#{generate-id()}"/>
          </xsl:for-each>
        </span>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="tei:ref[@type='noteCall']">
    <xsl:choose>
      <xsl:when test="@target">
        <a class="note-call" id="{generate-id()}" href="{@target}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="note-call missing" id="{generate-id()}"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:ref | tei:ptr[@target]">
    <span class="ref"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ===== pages, lines and furniture of the source ===== -->

  <xsl:template match="tei:pb">
    <xsl:if test="@n">
      <span class="pb{if (@cert) then ' inferred' else ''}" id="page-{generate-id()}" data-n="{@n}">[p. {@n}]</span>
    </xsl:if>
  </xsl:template>

  <!-- Running heads, page numbers and stamps of the source are not reading text. -->
  <xsl:template match="tei:fw"/>

  <xsl:template match="tei:lb"/>

  <!-- A soft line-end hyphen is dropped where the word is joined again (lb[@break='no']). -->
  <xsl:function name="ed:soft-hyphen" as="xs:boolean">
    <xsl:param name="pc" as="element()"/>
    <xsl:sequence select="$pc/@force = 'weak' and ed:joins-next($pc)"/>
  </xsl:function>

  <!-- True when the next element, skipping furniture and page breaks, is lb[@break='no'] and only
       white space lies between. -->
  <xsl:function name="ed:joins-next" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="next" select="$n/following-sibling::*[not(self::tei:pb or self::tei:fw)][1]"/>
    <xsl:sequence select="exists($next[self::tei:lb[@break='no']])
      and (every $t in $n/following-sibling::text()[. &lt;&lt; $next] satisfies normalize-space($t) = '')"/>
  </xsl:function>

  <xsl:template match="tei:pc[ed:soft-hyphen(.)]"/>

  <xsl:template match="text()">
    <xsl:choose>
      <xsl:when test="ed:joins-next(.)">
        <xsl:value-of select="replace(., '\s+$', '')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="."/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== corrections: the corrected / regularised reading is printed ===== -->

  <xsl:template match="tei:choice">
    <span class="choice{if (tei:corr) then ' corrected' else ''}">
      <xsl:apply-templates select="(tei:corr, tei:reg, tei:expan, *)[1]"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:corr | tei:reg | tei:expan | tei:abbr | tei:sic | tei:orig | tei:add
                       | tei:unclear | tei:seg | tei:w | tei:pc | tei:num | tei:measure | tei:rs
                       | tei:placeName | tei:name | tei:date | tei:time | tei:q | tei:affiliation
                       | tei:roleName | tei:forename | tei:surname | tei:addName">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:supplied">
    <span class="supplied">[<xsl:apply-templates/>]</span>
  </xsl:template>

  <xsl:template match="tei:del">
    <del class="del"><xsl:apply-templates/></del>
  </xsl:template>

  <xsl:template match="tei:gap">
    <span class="gap">[…]</span>
  </xsl:template>

  <!-- ===== phrases ===== -->

  <xsl:template match="tei:hi">
    <span class="hi{@rend ! (' rend-' || replace(., '\s+', ' rend-'))}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:emph | tei:foreign | tei:mentioned | tei:term | tei:soCalled | tei:title
                       | tei:gloss">
    <span class="{local-name()}{@level ! (' level-' || .)}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Person mentions carry an anchor per mention: the index reads their pages from the PDF. -->
  <xsl:template match="tei:persName">
    <xsl:variable name="keys" select="tokenize(@ref)[starts-with(., 'per:')] ! substring-after(., 'per:')"/>
    <span class="persName">
      <xsl:if test="exists($keys)">
        <xsl:attribute name="id" select="'pm.' || string-join($keys, '+') || '.' || generate-id()"/>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:orgName">
    <span class="orgName"><xsl:apply-templates/></span>
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

  <!-- Fallback: never drop text silently. -->
  <xsl:template match="*" priority="-2">
    <xsl:message>print: no print rule for TEI element '{name()}' ({ancestor-or-self::*[@xml:id][1]/@xml:id}); its content is printed as plain text</xsl:message>
    <span class="unknown" data-tei="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>

</xsl:stylesheet>
