<?xml version="1.0" encoding="UTF-8"?>
<!--
  Site-wide pages, built from every text of the edition ($edition) and the register:
  index.html (home), register.html, chronology.html, about.html, search.html.
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

  <!-- ===== chronology: the chronicle's dated entries, the works' dates, the texts' dates ===== -->

  <xsl:variable name="w:chronology" as="map(*)*">
    <xsl:variable name="all" as="map(*)*">
      <!-- Chronicle entries: one per block with a date in it or in its label (list type="gloss"). -->
      <xsl:for-each select="$w:texts//tei:div[@type='chronicle']//(tei:p | tei:item | tei:ab | tei:l)
                            [not(ancestor::tei:p or ancestor::tei:item)]">
        <xsl:variable name="d" select="(self::tei:item/preceding-sibling::*[1][self::tei:label]//tei:date,
                                        .//tei:date)[ed:date-start(.) != ''][1]"/>
        <xsl:if test="$d">
          <xsl:sequence select="map{'iso': ed:date-start($d), 'kind': 'chronicle', 'node': .}"/>
        </xsl:if>
      </xsl:for-each>
      <!-- Works of a volume: the date of the dateline, heading or source line. -->
      <xsl:for-each select="$w:texts//tei:div[@type='work']">
        <xsl:variable name="d" select="(tei:dateline//tei:date, tei:head//tei:date, (tei:bibl, tei:note[@type='source']/tei:bibl)//tei:date,
                                        tei:closer//tei:date, tei:byline//tei:date)[ed:date-start(.) != ''][1]"/>
        <xsl:if test="$d">
          <xsl:sequence select="map{'iso': ed:date-start($d), 'kind': 'work', 'node': .}"/>
        </xsl:if>
      </xsl:for-each>
      <!-- Short texts: the creation date of the header. -->
      <xsl:for-each select="$w:texts[not(.//tei:div[@type='work'])]">
        <xsl:variable name="d" select="(tei:TEI/tei:teiHeader/tei:profileDesc/tei:creation/tei:date)[ed:date-start(.) != ''][1]"/>
        <xsl:if test="$d">
          <xsl:sequence select="map{'iso': ed:date-start($d), 'kind': 'text', 'node': tei:TEI}"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:perform-sort select="$all">
      <xsl:sort select="?iso"/>
      <xsl:sort select="?kind"/>
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

  <xsl:variable name="w:used-keys" as="xs:string*"
    select="distinct-values($w:texts/tei:TEI/tei:text//(tei:persName/@ref | tei:orgName/@ref | tei:placeName/@ref | @who)
            ! tokenize(normalize-space(.), ' ') ! ed:entity-key(.))"/>

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
            <xsl:variable name="works" select="w:units(.)[self::tei:div[@type='work']]"/>
            <xsl:if test="$works"><span class="text-count"> · {count($works)} works</span></xsl:if>
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
      <p>Cite a text of this edition by its title, the page of the printed source and the address of the
        page: every printed page has an anchor (<code>#p29</code>) and every paragraph an id that stays the
        same from one build to the next, for example:</p>
      <p class="citation">{$w:edition-title}, ed. {normalize-space(($edition//tei:titleStmt/tei:respStmt[@xml:id='editors']/(tei:orgName, tei:name, tei:persName))[1])}:
        <xsl:for-each select="$w:texts[1]">“{w:doc-title(.)}”, <code>{ed:slug(.)}.html</code>.</xsl:for-each>
        {$w:licence}.</p>
    </section>
  </xsl:template>

  <xsl:template name="w:register">
    <h1>Register of persons and organisations</h1>
    <xsl:if test="empty($ed:register)">
      <p class="notice">The register of the edition is not available in this build; the references the texts make are listed by their keys.</p>
    </xsl:if>
    <xsl:variable name="entries" select="$ed:register//(tei:person | tei:org | tei:place)[@xml:id]"/>
    <xsl:for-each-group select="$entries" group-by="local-name()">
      <section aria-labelledby="h-{current-grouping-key()}">
        <h2 id="h-{current-grouping-key()}">{map{'person': 'Persons', 'org': 'Organisations', 'place': 'Places'}(current-grouping-key())}</h2>
        <xsl:for-each select="current-group()">
          <xsl:sort select="w:sort-key(.)"/>
          <xsl:sort select="lower-case(normalize-space((tei:persName, tei:orgName, tei:placeName)[1]))"/>
          <xsl:call-template name="w:register-entry">
            <xsl:with-param name="key" select="string(@xml:id)"/>
          </xsl:call-template>
        </xsl:for-each>
      </section>
    </xsl:for-each-group>
    <xsl:variable name="unknown" select="$w:used-keys[not(. = $entries/@xml:id)]"/>
    <xsl:if test="exists($unknown)">
      <section aria-labelledby="h-unregistered">
        <h2 id="h-unregistered">Referred to, not yet in the register</h2>
        <xsl:for-each select="sort($unknown)">
          <xsl:call-template name="w:register-entry">
            <xsl:with-param name="key" select="."/>
          </xsl:call-template>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

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

  <xsl:template name="w:register-entry">
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="e" select="ed:entity($key)"/>
    <article class="entry" id="{$key}" aria-labelledby="{$key}-name">
      <h3 id="{$key}-name">{ed:entity-name($key)}</h3>
      <xsl:if test="$e">
        <p class="entry-facts">
          <xsl:variable name="facts" as="xs:string*" select="(
            $e/(tei:persName, tei:orgName)[position() gt 1] => string-join(', ') => w:or(''),
            ($e/tei:birth/(@when, .)[normalize-space()][1]) ! ('born ' || ed:iso-label(.)),
            ($e/tei:death/(@when, .)[normalize-space()][1]) ! ('died ' || ed:iso-label(.)),
            $e/tei:idno[@type='wikidata'] ! ('Wikidata ' || normalize-space(.)))[normalize-space()]"/>
          <xsl:value-of select="string-join($facts, ' · ')"/>
        </p>
        <xsl:for-each select="$e/tei:note"><p class="entry-note"><xsl:apply-templates/></p></xsl:for-each>
      </xsl:if>
      <xsl:variable name="mentions" select="$w:texts ! key('w:mentions', $key, .)"/>
      <xsl:choose>
        <xsl:when test="$mentions">
          <details class="mentions">
            <summary>{count($mentions)} mention{if (count($mentions) = 1) then '' else 's'}</summary>
            <ul>
              <xsl:for-each select="$mentions">
                <xsl:variable name="block" select="ed:block-id(.)"/>
                <li>
                  <a href="{w:page-of(.)}{if ($block != '' and not($block = ed:slug(.))) then '#' || $block else ''}">{w:page-label(.)}</a>
                  <span class="mention-text">: {normalize-space(string-join(.//text()[not(ancestor::tei:note or ancestor::tei:fw or ancestor::tei:sic or ancestor::tei:orig)]))
                    => w:or(string(local-name()))}</span>
                </li>
              </xsl:for-each>
            </ul>
          </details>
        </xsl:when>
        <xsl:otherwise><p class="mentions-none">Not mentioned in the texts of this edition.</p></xsl:otherwise>
      </xsl:choose>
    </article>
  </xsl:template>

  <xsl:template name="w:chronology">
    <h1>Chronology</h1>
    <p>Built from the dated material of the edition: the chronicle of events, the dates of the works and of
      the texts. Dates in the texts link here.</p>
    <xsl:for-each-group select="$w:chronology" group-by="substring(?iso, 1, 4)">
      <section id="y{current-grouping-key()}" aria-labelledby="h-y{current-grouping-key()}">
        <h2 id="h-y{current-grouping-key()}">{current-grouping-key()}</h2>
        <ol class="chronology-list">
          <xsl:for-each-group select="current-group()" group-by="?iso">
            <xsl:for-each select="current-group()">
              <li class="chron-{?kind}">
                <xsl:if test="position() = 1"><xsl:attribute name="id" select="'d' || ?iso"/></xsl:if>
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
      <p>The printed page numbers of the sources stand in the margin; each is a link to its own anchor, so
        that a printed page has an address. Corrections show the corrected reading, with the source's
        reading on hover; the diplomatic view shows the source's readings, line ends, soft hyphens and page
        furniture (running heads, page numbers). Notes open in place and are listed at the end of each page.</p>
      <p>Each text page links to its TEI file (in the folder <code>tei/</code> of this site) and to its PDF
        (in the folder <code>pdf/</code>, the print edition's book or offprint).</p>
    </section>
  </xsl:template>
</xsl:stylesheet>
