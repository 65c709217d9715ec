<?xml version="1.0" encoding="UTF-8"?>
<!--
  Site-wide pages, built from every text of the edition ($edition) and the register:
  index.html (home), register.html (index) and register-<key>.html (entries), chronology.html,
  about.html, search.html.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:edition:common"
  xmlns:w="urn:edition:web"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:variable name="w:texts" as="document-node()*"
    select="$edition[tei:TEI/tei:text/tei:body][not(tei:TEI/@xml:id = 'register')]"/>

  <!-- The site records of the texts (w:site-record), in the edition's order: what the site-wide
       pages take from each text, so that they are made without loading the texts. -->
  <xsl:param name="w:records" as="document-node()*" select="()"/>
  <!-- Where w:site-record writes the record of the context text (an absolute file URI). -->
  <xsl:param name="w:record-uri" as="xs:string" select="''"/>
  <xsl:key name="w:record-mentions" match="w:m" use="@key"/>
  <xsl:key name="w:record-speeches" match="w:s" use="@key"/>
  <xsl:variable name="w:recorded" as="element(w:record)*" select="$w:records/w:record[@text = 'yes']"/>

  <!-- ===== chronology: the chronicle's dated entries, the works' dates, the texts' dates ===== -->

  <xsl:function name="w:dated" as="map(*)*">
    <xsl:param name="texts" as="document-node()*"/>
      <!-- Chronicle entries: one per block with a date in it or in its label (list type="gloss"). -->
      <xsl:for-each select="$texts//tei:div[@type='chronicle']//(tei:p | tei:item | tei:ab | tei:l)
                            [not(ancestor::tei:p or ancestor::tei:item)]">
        <xsl:variable name="d" select="(self::tei:item/preceding-sibling::*[1][self::tei:label]//tei:date,
                                        .//tei:date)[ed:date-start(.) != ''][1]"/>
        <xsl:if test="$d">
          <xsl:sequence select="map{'iso': ed:date-start($d), 'kind': 'chronicle', 'node': .}"/>
        </xsl:if>
      </xsl:for-each>
      <!-- Works of a volume: the date of the dateline, heading or source line. -->
      <xsl:for-each select="$texts//tei:div[@type='work']">
        <xsl:variable name="d" select="(tei:dateline//tei:date, tei:head//tei:date, (tei:bibl, tei:note[@type='source']/tei:bibl)//tei:date,
                                        tei:closer//tei:date, tei:byline//tei:date)[ed:date-start(.) != ''][1]"/>
        <xsl:if test="$d">
          <xsl:sequence select="map{'iso': ed:date-start($d), 'kind': 'work', 'node': .}"/>
        </xsl:if>
      </xsl:for-each>
      <!-- Short texts: the creation date of the header. -->
      <xsl:for-each select="$texts[not(.//tei:div[@type='work'])]">
        <xsl:variable name="d" select="(tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date)[ed:date-start(.) != ''][1]"/>
        <xsl:if test="$d">
          <xsl:sequence select="map{'iso': ed:date-start($d), 'kind': 'text', 'node': tei:TEI}"/>
        </xsl:if>
      </xsl:for-each>
  </xsl:function>

  <!-- The dates of the edition (the texts' summaries carry them), for the dates' links. -->
  <xsl:variable name="w:chronology" as="map(*)*">
    <xsl:perform-sort select="w:dated($w:texts)">
      <xsl:sort select="?iso"/>
      <xsl:sort select="?kind"/>
    </xsl:perform-sort>
  </xsl:variable>
  <!-- The chronology page's entries, rendered in the texts' records; sorted as $w:chronology
       (a stable sort: an equal date and kind keeps the edition's order, text by text). -->
  <xsl:variable name="w:chronology-entries" as="element(w:chron)*">
    <xsl:perform-sort select="$w:recorded/w:chron">
      <xsl:sort select="string(@iso)"/>
      <xsl:sort select="string(@kind)"/>
    </xsl:perform-sort>
  </xsl:variable>
  <xsl:variable name="w:chronology-days" as="xs:string*" select="distinct-values($w:chronology ! ?iso)"/>
  <xsl:variable name="w:chronology-years" as="xs:string*"
    select="distinct-values($w:chronology ! substring(?iso, 1, 4))"/>

  <!-- ===== register: every reference to a person or organisation ===== -->

  <xsl:key name="w:mentions"
    match="tei:text//tei:persName[@ref] | tei:text//tei:orgName[@ref] | tei:text//tei:placeName[@ref]
           | tei:text//*[@who]"
    use="tokenize(normalize-space(@ref | @who), ' ') ! ed:entity-key(.)"/>

  <xsl:function name="w:keys-of" as="xs:string*">
    <xsl:param name="texts" as="document-node()*"/>
    <xsl:sequence select="distinct-values($texts/tei:TEI/tei:text//(tei:persName/@ref | tei:orgName/@ref | tei:placeName/@ref | @who)
            ! tokenize(normalize-space(.), ' ') ! ed:entity-key(.))"/>
  </xsl:function>
  <xsl:variable name="w:used-keys" as="xs:string*" select="distinct-values($w:recorded/w:key/@k ! string(.))"/>

  <!-- ===== the pages ===== -->

  <xsl:template name="w:site-pages">
    <xsl:result-document href="index.html" format="page">
      <xsl:call-template name="w:page">
        <xsl:with-param name="title" select="'Home'"/>
        <xsl:with-param name="body-class" select="'home'"/>
        <xsl:with-param name="content"><xsl:call-template name="w:home"/></xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
    <xsl:result-document href="register.html" format="page">
      <xsl:call-template name="w:page">
        <xsl:with-param name="title" select="'Register of persons and organisations'"/>
        <xsl:with-param name="body-class" select="'register'"/>
        <xsl:with-param name="tei-slug" select="if (exists($ed:register)) then 'register' else ()"/>
        <xsl:with-param name="content"><xsl:call-template name="w:register"/></xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
    <!-- One page per entry: its facts and every mention in context, grouped by work. -->
    <xsl:for-each select="distinct-values(($w:register-entries/@xml:id ! string(.), $w:used-keys))">
      <xsl:variable name="key" select="."/>
      <xsl:result-document href="{w:entry-file($key)}" format="page">
        <xsl:call-template name="w:page">
          <xsl:with-param name="title" select="ed:entity-name($key)"/>
          <xsl:with-param name="body-class" select="'register-entry'"/>
          <xsl:with-param name="file" select="w:entry-file($key)"/>
          <xsl:with-param name="content"><xsl:call-template name="w:entry-page"><xsl:with-param name="key" select="$key"/></xsl:call-template></xsl:with-param>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>
    <xsl:result-document href="chronology.html" format="page">
      <xsl:call-template name="w:page">
        <xsl:with-param name="title" select="'Chronology'"/>
        <xsl:with-param name="body-class" select="'chronology'"/>
        <xsl:with-param name="content"><xsl:call-template name="w:chronology"/></xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
    <xsl:result-document href="about.html" format="page">
      <xsl:call-template name="w:page">
        <xsl:with-param name="title" select="'About the edition'"/>
        <xsl:with-param name="body-class" select="'about'"/>
        <xsl:with-param name="content"><xsl:call-template name="w:about"/></xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
    <xsl:result-document href="search.html" format="page">
      <xsl:call-template name="w:page">
        <xsl:with-param name="title" select="'Search'"/>
        <xsl:with-param name="body-class" select="'search-page'"/>
        <xsl:with-param name="content">
          <h1>Search the edition</h1>
          <form id="search-form" class="search-form" action="search.html" method="get" role="search">
            <label for="search-q">Words or a phrase (in quotation marks)</label>
            <input id="search-q" type="search" name="q"/>
            <button type="submit">Search</button>
          </form>
          <div id="search-filters" class="search-filters" aria-label="Filters"></div>
          <p id="search-status" class="search-status" role="status" aria-live="polite">
            <noscript>Search needs JavaScript; every text can also be read and searched in the browser page by page.</noscript>
          </p>
          <ol id="search-results" class="search-results"></ol>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:result-document>
  </xsl:template>

  <xsl:template name="w:home">
    <h1>{$w:edition-title}</h1>
    <section aria-labelledby="h-what">
      <h2 id="h-what">What this edition is</h2>
      <xsl:for-each select="($edition//tei:projectDesc)[1]/tei:p">
        <p><xsl:apply-templates/></p>
      </xsl:for-each>
      <xsl:variable name="annotated" select="$w:recorded/w:ann"/>
      <p class="review-state">State of the review: {w:sum($annotated/@conv)} of the
        {w:sum($annotated/@all)} annotations are the converter's and not yet reviewed by the editors
        (<a href="about.html#h-provenance">details</a>).</p>
      <p>Read the texts below, look people and organisations up in the <a href="register.html">register</a>,
        follow events in the <a href="chronology.html">chronology</a>, or <a href="search.html">search</a>
        the whole edition. The editorial principles are on the <a href="about.html">about page</a>.</p>
    </section>
    <section aria-labelledby="h-texts">
      <h2 id="h-texts">The texts</h2>
      <ul class="text-list">
        <xsl:for-each select="$w:texts">
          <xsl:sort select="string((tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date ! ed:date-start(.))[1])"/>
          <xsl:variable name="h" select="tei:TEI/tei:teiHeader"/>
          <li>
            <a class="text-link" href="{ed:slug(.)}.html">{w:doc-title(.)}</a>
            <xsl:for-each select="($h/tei:profileDesc/tei:creation/tei:date)[1]">
              <xsl:text> (</xsl:text><xsl:call-template name="w:header-date"/><xsl:text>)</xsl:text>
            </xsl:for-each>
            <xsl:variable name="works" select="w:sum(w:record-of(.)/@works)"/>
            <xsl:if test="$works gt 0"><span class="text-count"> · {$works} works</span></xsl:if>
            <xsl:for-each select="($h/tei:fileDesc/tei:sourceDesc/tei:bibl)[1]">
              <br/><span class="text-source">Source: <xsl:apply-templates select="node() except (tei:idno, tei:note)" mode="w:header-bibl"/></span>
            </xsl:for-each>
            <br/><span class="text-downloads">Download: <a href="tei/{ed:slug(.)}.xml" download="">TEI XML</a><xsl:if
              test="ed:slug(.) = $pdf-slugs"> · <a href="pdf/{ed:slug(.)}.pdf">PDF</a></xsl:if></span>
          </li>
        </xsl:for-each>
      </ul>
    </section>
    <section aria-labelledby="h-cite">
      <h2 id="h-cite">How to cite</h2>
      <p>Every text and work page ends with “Cite this”: its citation in plain text, BibTeX and CSL-JSON
        (author, title, edition, version and date of this build, printed pages, address). Every paragraph
        has a permalink (¶ beside it) that re-targets the citation at the paragraph and its printed page;
        every printed page has an anchor (<code>#p29</code>). Reference managers read the citation from
        each page's metadata. This build: version {$edition-version} of {$build-date}<xsl:if
        test="$base-url != ''">, published at <a href="{$base-url}">{$base-url}</a></xsl:if>.</p>
    </section>
  </xsl:template>

  <xsl:variable name="w:register-entries" as="element()*"
    select="$ed:register//(tei:person | tei:org | tei:place)[@xml:id]"/>

  <xsl:function name="w:entry-file" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="'register-' || replace($key, '[^A-Za-z0-9_-]', '') || '.html'"/>
  </xsl:function>

  <!-- The register: a compact index (name, dates, number of mentions), each entry on its own page.
       Every entry keeps its anchor here (register.html#per-lenin). -->
  <xsl:template name="w:register">
    <h1>Register of persons and organisations</h1>
    <xsl:if test="empty($ed:register)">
      <p class="notice">The register of the edition is not available in this build; the references the texts make are listed by their keys.</p>
    </xsl:if>
    <p>Each entry lists every passage of the edition that names the person or organisation, in context,
      by work and printed page. Names in the texts were linked by the converter; see the
      <a href="about.html#h-provenance">about page</a> for how much has been reviewed.</p>
    <xsl:for-each-group select="$w:register-entries" group-by="local-name()">
      <section aria-labelledby="h-{current-grouping-key()}">
        <h2 id="h-{current-grouping-key()}">{map{'person': 'Persons', 'org': 'Organisations', 'place': 'Places'}(current-grouping-key())}</h2>
        <ul class="register-index">
          <xsl:for-each select="current-group()">
            <xsl:sort select="w:sort-key(.)"/>
            <xsl:sort select="lower-case(normalize-space((tei:persName, tei:orgName, tei:placeName)[1]))"/>
            <xsl:call-template name="w:register-index-entry"><xsl:with-param name="key" select="string(@xml:id)"/></xsl:call-template>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:for-each-group>
    <xsl:variable name="unknown" select="$w:used-keys[not(. = $w:register-entries/@xml:id)]"/>
    <xsl:if test="exists($unknown)">
      <section aria-labelledby="h-unregistered">
        <h2 id="h-unregistered">Referred to, not yet in the register</h2>
        <ul class="register-index">
          <xsl:for-each select="sort($unknown)">
            <xsl:call-template name="w:register-index-entry"><xsl:with-param name="key" select="."/></xsl:call-template>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="w:register-index-entry">
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="n" select="count(w:mention-blocks($key))"/>
    <li class="entry" id="{$key}">
      <a class="entry-link" href="{w:entry-file($key)}">{ed:entity-name($key)}</a>
      <xsl:for-each select="w:life-dates(ed:entity($key))[. != '']"><span class="entry-dates"> ({.})</span></xsl:for-each>
      <span class="entry-count"> · {if ($n = 0) then 'not mentioned' else $n || ' passage' || (if ($n = 1) then '' else 's')}</span>
    </li>
  </xsl:template>

  <!-- "1870–1924" from birth and death. -->
  <xsl:function name="w:life-dates" as="xs:string?">
    <xsl:param name="e" as="element()?"/>
    <xsl:variable name="b" select="$e/tei:birth/(@when, .)[normalize-space()][1] ! substring(normalize-space(.), 1, 4)"/>
    <xsl:variable name="d" select="$e/tei:death/(@when, .)[normalize-space()][1] ! substring(normalize-space(.), 1, 4)"/>
    <xsl:sequence select="if ($b or $d) then ($b, '?')[1] || '–' || ($d, '')[1] else ()"/>
  </xsl:function>

  <!-- The mentions of a key, one per block (paragraph, speech turn): a block naming a person three
       times is one passage with three marks, not three rows repeating one link. -->
  <xsl:function name="w:mention-blocks" as="element()*">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="doc" as="document-node()"/>
    <xsl:for-each-group select="key('w:mentions', $key, $doc)[not(@who)]" group-by="generate-id((w:block(.), .)[1])">
      <xsl:sequence select="current-group()[1]"/>
    </xsl:for-each-group>
  </xsl:function>

  <!-- The passages naming a key, as the texts' records give them (w:m, a list item each). -->
  <xsl:function name="w:mention-blocks" as="element(w:m)*">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="$w:recorded ! key('w:record-mentions', $key, root(.))"/>
  </xsl:function>

  <!-- The block a mention stands in: the nearest element with an id that is not a speech. -->
  <xsl:function name="w:block" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor-or-self::*[@xml:id][not(self::tei:sp)][1]"/>
  </xsl:function>

  <!-- The reading text of a block's text nodes and line beginnings (white space collapsed, not
       trimmed): no notes, furniture or source readings; soft hyphen breaks joined. -->
  <xsl:function name="w:reading" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="replace(string-join(for $n in $nodes return
      if ($n/self::tei:lb) then (if ($n/@break = 'no') then '' else ' ')
      else if (ed:before-word-break($n)) then replace($n, '\s+$', '') else string($n)), '\s+', ' ')"/>
  </xsl:function>

  <!-- A keyword in context: about $w:kwic characters of the block on each side of the mention. -->
  <xsl:variable name="w:kwic" as="xs:integer" select="70"/>
  <xsl:template name="w:kwic">
    <xsl:param name="m" as="element()"/>
    <xsl:variable name="block" select="w:block($m)"/>
    <!-- Only the few text nodes (print lines) next to the mention are read: enough for the
         context, and the register stays quick to build. Inside the block (a mention in a note has
         the note as its block), without notes, furniture and source readings. -->
    <xsl:variable name="all" select="$block//(text() | tei:lb)"/>
    <xsl:variable name="all-before" select="$all[. &lt;&lt; $m]"/>
    <xsl:variable name="all-after" select="$all[. >> $m][not(ancestor::* intersect $m)]"/>
    <xsl:variable name="near" select="$all-before[position() gt last() - 12] | $all-after[position() le 12]"/>
    <xsl:variable name="nodes" select="$near[not(ancestor::*[. >> $block][self::tei:note or self::tei:fw
      or self::tei:sic or self::tei:orig or self::tei:abbr or self::tei:pc[@force = 'weak']])]"/>
    <xsl:variable name="before" select="replace(w:reading($nodes[. &lt;&lt; $m]), '^\s+', '')"/>
    <xsl:variable name="after" select="replace(w:reading($nodes[. >> $m]), '\s+$', '')"/>
    <xsl:variable name="left" select="if (string-length($before) gt $w:kwic)
      then '…' || replace(substring($before, string-length($before) - $w:kwic), '^\S*\s', '')
      else (if (count($all-before) gt 12) then '…' else '') || $before"/>
    <xsl:variable name="right" select="if (string-length($after) gt $w:kwic)
      then replace(substring($after, 1, $w:kwic), '\s\S*$', '') || '…'
      else $after || (if (count($all-after) gt 12) then '…' else '')"/>
    <span class="kwic">{$left}<mark>{w:reading($m//(text() | tei:lb)[not(ancestor::*[. >> $m][self::tei:note or self::tei:sic or self::tei:orig or self::tei:pc[@force = 'weak']])]) => normalize-space()}</mark>{$right}</span>
  </xsl:template>

  <xsl:template name="w:entry-page">
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="e" select="ed:entity($key)"/>
    <p class="breadcrumb"><a href="register.html#{$key}">Register</a></p>
    <h1>{ed:entity-name($key)}</h1>
    <xsl:if test="$e">
      <dl class="entry-facts">
        <xsl:variable name="other" select="$e/(tei:persName, tei:orgName, tei:placeName)[position() gt 1] ! normalize-space()"/>
        <xsl:if test="exists($other)"><dt>Also named</dt><dd>{string-join($other, '; ')}</dd></xsl:if>
        <xsl:for-each select="$e/tei:birth/(@when, .)[normalize-space()][1]"><dt>Born</dt><dd>{ed:iso-label(normalize-space(.))}</dd></xsl:for-each>
        <xsl:for-each select="$e/tei:death/(@when, .)[normalize-space()][1]"><dt>Died</dt><dd>{ed:iso-label(normalize-space(.))}</dd></xsl:for-each>
        <xsl:for-each select="$e/tei:idno[@type='wikidata'][normalize-space()]">
          <!-- the id as text: the site links to no other host -->
          <dt>Wikidata</dt><dd class="wikidata">{normalize-space(.)}</dd>
        </xsl:for-each>
      </dl>
      <xsl:for-each select="$e/tei:note"><p class="entry-note"><xsl:apply-templates/></p></xsl:for-each>
    </xsl:if>
    <xsl:if test="empty($e)"><p class="notice">Not yet in the register: the texts refer to this key.</p></xsl:if>
    <xsl:variable name="blocks" select="w:mention-blocks($key)"/>
    <xsl:variable name="speeches" select="$w:recorded ! key('w:record-speeches', $key, root(.))"/>
    <xsl:if test="empty($blocks) and empty($speeches)"><p class="mentions-none">Not mentioned in the texts of this edition.</p></xsl:if>
    <xsl:if test="exists($blocks)">
      <section aria-labelledby="h-mentions">
        <h2 id="h-mentions">Mentioned in {count($blocks)} passage{if (count($blocks) = 1) then '' else 's'}</h2>
        <xsl:for-each-group select="$blocks" group-by="string(@label)">
          <section class="mention-group" aria-label="{current-grouping-key()}">
            <h3>{current-grouping-key()} <span class="mention-count">({count(current-group())})</span></h3>
            <ol class="mentions">
              <xsl:for-each select="current-group()">
                <xsl:copy-of select="*" copy-namespaces="no"/>
              </xsl:for-each>
            </ol>
          </section>
        </xsl:for-each-group>
      </section>
    </xsl:if>
    <xsl:if test="exists($speeches)">
      <section aria-labelledby="h-speaks">
        <h2 id="h-speaks">Speaks in {count($speeches)} passage{if (count($speeches) = 1) then '' else 's'}</h2>
        <ul class="speeches">
          <xsl:for-each-group select="$speeches" group-by="string(@label)">
            <li>{current-grouping-key()}:
              <xsl:for-each select="current-group()">
                <a href="{@href}">{if (@pb) then 'p. ' || @pb else 'turn ' || position()}</a>
                <xsl:if test="position() != last()">, </xsl:if>
              </xsl:for-each>
            </li>
          </xsl:for-each-group>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- "Works, Volume 6: 1924 — The Foundations of Leninism": the text and, in a volume, the work. -->
  <xsl:function name="w:work-label" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="unit" select="($node/ancestor::tei:div[w:is-unit(.)][not(w:is-chapter(.))])[1]"/>
    <xsl:sequence select="w:doc-title($node) || ($unit ! (' — ' || w:unit-title(.)))"/>
  </xsl:function>

  <!-- Persons sort by surname: the register's surname when it gives one, else the last word of
       the full name ("A. I. Denikin" under D); organisations and places by their name. -->
  <xsl:function name="w:sort-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="name" select="($entry/tei:persName[@type='full'], $entry/(tei:persName, tei:orgName, tei:placeName))[1]"/>
    <xsl:variable name="words" select="tokenize(normalize-space($name), ' ')"/>
    <xsl:sequence select="lower-case(
      if ($entry/self::tei:person and $name//tei:surname) then normalize-space(($name//tei:surname)[1])
      else if ($entry/self::tei:person) then string-join(($words[last()], $words[position() lt last()]), ' ')
      else normalize-space($name))"/>
  </xsl:function>

  <xsl:template name="w:chronology">
    <h1>Chronology</h1>
    <p>Built from the dated material of the edition: the chronicle of events, the dates of the works and of
      the texts. Dates in the texts link here.</p>
    <xsl:for-each-group select="$w:chronology-entries" group-by="substring(@iso, 1, 4)">
      <section id="y{current-grouping-key()}" aria-labelledby="h-y{current-grouping-key()}">
        <h2 id="h-y{current-grouping-key()}">{current-grouping-key()}</h2>
        <ol class="chronology-list">
          <xsl:for-each-group select="current-group()" group-by="string(@iso)">
            <xsl:for-each select="current-group()">
              <li class="chron-{@kind}">
                <xsl:if test="position() = 1"><xsl:attribute name="id" select="'d' || @iso"/></xsl:if>
                <xsl:copy-of select="node()" copy-namespaces="no"/>
              </li>
            </xsl:for-each>
          </xsl:for-each-group>
        </ol>
      </section>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template name="w:about">
    <h1>About the edition</h1>
    <section aria-labelledby="h-project">
      <h2 id="h-project">The project</h2>
      <xsl:for-each select="($edition//tei:projectDesc)[1]/tei:p"><p><xsl:apply-templates/></p></xsl:for-each>
    </section>
    <section aria-labelledby="h-provenance">
      <h2 id="h-provenance">What the machine did, what the editors reviewed</h2>
      <p>The texts were converted and annotated by the edition's converter; every annotation it made
        records that (<code>@resp="#conv"</code>) and, where it guessed, how certain it was
        (<code>@cert</code>). An editor who accepts an annotation records it as reviewed. These figures are
        counted from the TEI of this build:</p>
      <xsl:call-template name="w:provenance-figures"/>
      <p>On a text page, “Show editorial layer” colours names, dates, quotations and corrections by kind,
        and draws their underline by who made them and how certain: solid reviewed by the editors,
        dashed, dotted and wavy for the converter's high, medium and low certainty.</p>
    </section>
    <section aria-labelledby="h-principles">
      <h2 id="h-principles">Editorial principles</h2>
      <p>As stated in the TEI header of the texts:</p>
      <dl class="principles">
        <xsl:for-each-group select="$w:texts/tei:TEI/tei:teiHeader/tei:encodingDesc/tei:editorialDecl/*" group-by="local-name()">
          <dt>{upper-case(substring(current-grouping-key(), 1, 1)) || substring(current-grouping-key(), 2)}</dt>
          <xsl:for-each-group select="current-group()/tei:p" group-by="normalize-space()">
            <dd><xsl:apply-templates select="current-group()[1]/node()"/></dd>
          </xsl:for-each-group>
        </xsl:for-each-group>
      </dl>
    </section>
    <section aria-labelledby="h-reading">
      <h2 id="h-reading">Reading the texts</h2>
      <p>The printed page numbers of the sources stand in the margin, on the line where the page begins; a
        thin rule marks the place in the line. Each is a link to its own anchor, so that a printed page has
        an address. A number in italics was inferred by the converter from the sequence of pages (the scan
        lost it); the others were read from the page. Page numbers and note marks are not part of the text
        you copy: a copied passage is the reading text.</p>
      <p>Corrections (dashed underline) show the corrected reading; the source's reading shows on hover,
        when the correction has the keyboard focus or is tapped, and in the diplomatic view, which shows the
        source's readings, line ends, soft hyphens, note marks printed without a note and page furniture
        (running heads, page numbers). Names (dotted underline) link to the register, dates (double
        underline) to the chronology. “Show editorial layer” marks who made each annotation and how
        certain it is. Notes open in place and are listed at the end of each page.</p>
      <p>Every paragraph has a permalink (¶); “Cite this” at the end of each text gives its citation, and
        the paragraph's when you follow a paragraph's permalink.</p>
      <p>Each text page links to its TEI file (in the folder <code>tei/</code> of this site) and to its PDF
        (in the folder <code>pdf/</code>, the print edition's book or offprint).</p>
    </section>
  </xsl:template>

  <!-- ===== the site record of one text, made with its pages ===== -->

  <!-- What the site-wide pages take from the context text, rendered as they show it: its number
       of works, its annotations by kind, its printed page numbers, its chronology entries, the
       register keys it refers to with each passage (keyword in context) and speech. The site-wide
       pages are made from these records and the texts' summaries ($edition, for the headers),
       never from the texts: a changed text makes its own record again, and memory holds records. -->
  <xsl:template name="w:site-record">
    <xsl:variable name="doc" select="."/>
    <xsl:variable name="text" select="$doc[tei:TEI/tei:text/tei:body][not(tei:TEI/@xml:id = 'register')]"/>
    <xsl:result-document href="{$w:record-uri}" method="xml" encoding="UTF-8" indent="no">
      <w:record text="{if (exists($text)) then 'yes' else 'no'}" slug="{ed:slug($doc)}"
        works="{count(w:units($doc)[self::tei:div[@type='work']])}">
        <xsl:for-each-group select="$text/tei:TEI/tei:text//*[@resp]" group-by="local-name()">
          <xsl:variable name="conv" select="current-group()[normalize-space(@resp) = '#conv']"/>
          <w:ann kind="{current-grouping-key()}" all="{count(current-group())}" conv="{count($conv)}"
            high="{count($conv[@cert = 'high'])}" medium="{count($conv[@cert = 'medium'])}"
            low="{count($conv[@cert = 'low'])}" none="{count($conv[not(@cert)])}"/>
        </xsl:for-each-group>
        <xsl:variable name="pbs" select="$text/tei:TEI/tei:text//tei:pb[@n]"/>
        <w:pbs all="{count($pbs)}" inferred="{count($pbs[@cert])}"/>
        <xsl:for-each select="w:dated($text)">
          <w:chron iso="{?iso}" kind="{?kind}">
            <span class="chron-date">{ed:iso-label(?iso)}</span>
            <xsl:variable name="node" select="?node"/>
            <xsl:choose>
              <xsl:when test="?kind = 'chronicle'">
                <!-- notes stay on the source page (the linked "source"), where they are listed -->
                <span class="chron-text"><xsl:apply-templates select="$node/node()[not(self::tei:note)]"/></span>
                <a class="chron-source" href="{w:page-of($node)}{$node/@xml:id ! ('#' || .)}">source</a>
              </xsl:when>
              <xsl:when test="?kind = 'work'">
                <span class="chron-text">Work: <a href="{w:page-of($node)}">{w:unit-title($node)}</a>
                      ({w:doc-title($node)})</span>
              </xsl:when>
              <xsl:otherwise>
                <span class="chron-text">Text: <a href="{ed:slug($node)}.html">{w:doc-title($node)}</a></span>
              </xsl:otherwise>
            </xsl:choose>
          </w:chron>
        </xsl:for-each>
        <xsl:for-each select="w:keys-of($text)">
          <xsl:variable name="key" select="."/>
          <w:key k="{$key}"/>
          <xsl:for-each select="w:mention-blocks($key, $doc)">
            <xsl:variable name="block" select="w:block(.)"/>
            <xsl:variable name="pb" select="preceding::tei:pb[@n][1]"/>
            <xsl:variable name="times" select="count($block//(tei:persName | tei:orgName | tei:placeName)[@ref][ed:entity-key(@ref) = $key])"/>
            <w:m key="{$key}" label="{w:work-label(.)}">
              <li>
                <a class="mention-link" href="{w:page-of(.)}{$block/@xml:id ! ('#' || .)}">{if ($pb) then 'p. ' || $pb/@n else 'passage'}</a>
                <xsl:text> </xsl:text>
                <xsl:call-template name="w:kwic"><xsl:with-param name="m" select="."/></xsl:call-template>
                <xsl:if test="$times gt 1"><span class="mention-times"> ({$times}× in this passage)</span></xsl:if>
              </li>
            </w:m>
          </xsl:for-each>
          <xsl:for-each select="key('w:mentions', $key, $doc)[@who]">
            <xsl:variable name="pb" select="(descendant::tei:pb[@n][1][not(preceding-sibling::text()[normalize-space()])], preceding::tei:pb[@n][1])[1]"/>
            <w:s key="{$key}" label="{w:work-label(.)}" href="{w:page-of(.)}{@xml:id ! ('#' || .)}">
              <xsl:if test="$pb"><xsl:attribute name="pb" select="$pb/@n"/></xsl:if>
            </w:s>
          </xsl:for-each>
        </xsl:for-each>
      </w:record>
    </xsl:result-document>
  </xsl:template>

  <!-- The record of a text (a summary document of $edition), by its slug. -->
  <xsl:function name="w:record-of" as="element(w:record)?">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="$w:recorded[@slug = ed:slug($doc)][1]"/>
  </xsl:function>

  <!-- The sum of counts written in records, as an integer. -->
  <xsl:function name="w:sum" as="xs:integer">
    <xsl:param name="counts" as="attribute()*"/>
    <xsl:sequence select="sum($counts ! xs:integer(.))"/>
  </xsl:function>
</xsl:stylesheet>
